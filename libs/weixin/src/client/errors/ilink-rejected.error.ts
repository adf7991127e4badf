import { IlinkApiError } from './ilink-api.error.js';
import type { IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * `ret` −2: the generic rejection (protocol §10.5, §16.14) — quota, window, context token, text
 * length or rate limit. `errmsg` (e.g. `rate limited`) helps tell them apart. Never retry blindly.
 * `code`: `ILINK_REJECTED`.
 */
export class IlinkRejectedError extends IlinkApiError {
  constructor(context: IlinkErrorContext) {
    super(context, IlinkClientMessages.rejected(context, context.errmsg), 'ILINK_REJECTED');
  }

  /** Whether the server said the rejection is a rate limit. */
  get rateLimited(): boolean {
    return /rate\s*limit/i.test(this.errmsg ?? '');
  }
}
