import type { WeixinErrorCode } from '../../errors/weixin-error-code.js';
import { WeixinError } from '../../errors/weixin.error.js';
import type { DeliveryCause, DeliveryRecord } from '../../interfaces/outbound.types.js';

/**
 * The server refused a message of a `send(…, { throwOnRefusal: true })` (`ret -2`, `-3`, `-14`).
 * The subclasses name the cause; this class itself is thrown for the causes without one (quota,
 * window, too long, an unknown `errmsg`). `code`: `WEIXIN_SERVER_REFUSED` unless a subclass says.
 */
export class WeixinServerRefusedError extends WeixinError {
  /** Every record of the send, in order. */
  readonly records: DeliveryRecord[];
  /** The record the server refused. */
  readonly record: DeliveryRecord;
  /** The refusal's cause (as on the record). */
  readonly refusal: DeliveryCause;
  /** The server's `ret`. */
  readonly ret?: number;
  /** The server's `errmsg` (often empty). */
  readonly errmsg?: string;

  constructor(
    records: DeliveryRecord[],
    record: DeliveryRecord,
    code: WeixinErrorCode = 'WEIXIN_SERVER_REFUSED',
  ) {
    super(`delivery ${record.id}: ${record.reason ?? 'refused by the server'}`, code);
    this.records = records;
    this.record = record;
    this.refusal = record.cause ?? 'rejected';
    if (record.ret !== undefined) this.ret = record.ret;
    if (record.errmsg !== undefined) this.errmsg = record.errmsg;
  }
}
