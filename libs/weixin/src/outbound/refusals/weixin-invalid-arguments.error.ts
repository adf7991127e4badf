import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `ret -3` "invalid arguments": the server did not accept the recipient id (malformed or a
 * letter case it does not know). The record is `rejected`; nothing is retried.
 * `code`: `WEIXIN_INVALID_ARGUMENTS`.
 */
export class WeixinInvalidArgumentsError extends WeixinServerRefusedError {
  constructor(records: DeliveryRecord[], record: DeliveryRecord) {
    super(records, record, 'WEIXIN_INVALID_ARGUMENTS');
  }
}
