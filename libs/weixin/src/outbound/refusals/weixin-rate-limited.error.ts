import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `ret -2` "rate limited": the account's breaker opened and no request is sent until `until`
 * (`send.breaker.rateLimitedMs`); the message waits in the outbox. `code`: `WEIXIN_RATE_LIMITED`.
 */
export class WeixinRateLimitedError extends WeixinServerRefusedError {
  /** When the account's breaker closes (database clock). */
  readonly until?: Date;

  constructor(records: DeliveryRecord[], record: DeliveryRecord, until?: Date) {
    super(records, record, 'WEIXIN_RATE_LIMITED');
    if (until) this.until = until;
  }
}
