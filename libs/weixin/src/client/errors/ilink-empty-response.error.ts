import type { IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';
import { IlinkMalformedResponseError } from './ilink-malformed-response.error.js';

/**
 * HTTP 200 with an empty body. On `sendmessage` this means delivery is unknown and most likely
 * dropped (protocol §10.4, §16.17); it is never a success. `code`: `ILINK_EMPTY_RESPONSE`.
 */
export class IlinkEmptyResponseError extends IlinkMalformedResponseError {
  constructor(context: IlinkErrorContext) {
    const message = IlinkClientMessages.emptyBody(context);
    super({ ...context, reason: 'empty', message }, 'ILINK_EMPTY_RESPONSE');
  }
}
