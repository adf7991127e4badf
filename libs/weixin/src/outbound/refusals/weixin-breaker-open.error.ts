import { WeixinError } from '../../errors/weixin.error.js';
import type { DeliveryRecord } from '../../interfaces/outbound.types.js';

/**
 * The account's send breaker was open (after `ret -2` "rate limited" or an unexplained refusal),
 * so no request was made: the messages of a `send(…, { throwOnRefusal: true })` wait in the
 * outbox. `code`: `WEIXIN_BREAKER_OPEN`.
 */
export class WeixinBreakerOpenError extends WeixinError {
  /** Every record of the send, in order. */
  readonly records: DeliveryRecord[];
  /** When the breaker closes (database clock), when known. */
  readonly until?: Date;

  constructor(records: DeliveryRecord[], until?: Date) {
    const when = until ? `until ${until.toISOString()}` : 'for now';
    super(
      `the account's send breaker is open ${when}: no request was sent; the messages wait in the outbox`,
      'WEIXIN_BREAKER_OPEN',
    );
    this.records = records;
    if (until) this.until = until;
  }
}
