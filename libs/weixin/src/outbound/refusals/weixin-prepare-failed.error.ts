import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `ret -2` "prepare failed": the context token no longer carries the send (late replies,
 * proactive sends after hours of silence). The message waits for the user's next message.
 * `code`: `WEIXIN_PREPARE_FAILED`.
 */
export class WeixinPrepareFailedError extends WeixinServerRefusedError {
  constructor(records: DeliveryRecord[], record: DeliveryRecord) {
    super(records, record, 'WEIXIN_PREPARE_FAILED');
  }
}
