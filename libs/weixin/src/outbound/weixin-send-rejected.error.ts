import { WeixinError } from '../errors/weixin.error.js';
import { OutboundMessages as M } from './outbound.messages.js';
import type { DeliveryRecord } from '../interfaces/outbound.types.js';

/**
 * Thrown by `send(…, { throwOnReject: true })` when a message of the send ended `rejected`.
 * `records` holds every record of the send (the rejected ones and the others).
 * `code`: `WEIXIN_SEND_REJECTED`.
 */
export class WeixinSendRejectedError extends WeixinError {
  /** Every record of the send, in order. */
  readonly records: DeliveryRecord[];

  constructor(records: DeliveryRecord[]) {
    const ids = records.filter((r) => r.state === 'rejected').map((r) => r.id);
    super(M.rejectedRecords(ids), 'WEIXIN_SEND_REJECTED');
    this.records = records;
  }
}
