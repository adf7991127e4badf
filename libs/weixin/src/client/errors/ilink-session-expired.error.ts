import { IlinkApiError } from './ilink-api.error.js';
import type { IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * `ret` or `errcode` −14: the bot token or session is stale (protocol §8.5, §14). There is no
 * refresh endpoint; the account needs a new QR login. `code`: `ILINK_SESSION_EXPIRED`.
 */
export class IlinkSessionExpiredError extends IlinkApiError {
  constructor(context: IlinkErrorContext) {
    const message = IlinkClientMessages.sessionExpired(context, context.errmsg);
    super(context, message, 'ILINK_SESSION_EXPIRED');
  }
}
