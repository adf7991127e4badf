import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `-14` on `sendmessage`: the session ended (most often the same WeChat account bound another
 * instance, about 29 s earlier). The account needs a QR login; the message waits in the outbox.
 * `code`: `WEIXIN_SESSION_EXPIRED`.
 */
export class WeixinSessionExpiredError extends WeixinServerRefusedError {
  constructor(records: DeliveryRecord[], record: DeliveryRecord) {
    super(records, record, 'WEIXIN_SESSION_EXPIRED');
  }
}
