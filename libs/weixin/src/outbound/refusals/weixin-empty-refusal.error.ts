import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `ret -2` with an empty `errmsg` that the ledger does not explain; the account's breaker opened
 * for `send.breaker.rejectedMs`.
 * `code`: `WEIXIN_EMPTY_REFUSAL`.
 */
export class WeixinEmptyRefusalError extends WeixinServerRefusedError {
  constructor(records: DeliveryRecord[], record: DeliveryRecord) {
    super(records, record, 'WEIXIN_EMPTY_REFUSAL');
  }
}
