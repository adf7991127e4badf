import { WeixinError } from '../../errors/weixin.error.js';
import { AdminErrorMessages as M } from './admin-errors.messages.js';

/**
 * A cancel found the message no longer queued (sent, failed or cancelled meanwhile).
 * `code`: `WEIXIN_DELIVERY_NOT_QUEUED` (HTTP 409).
 */
export class WeixinDeliveryNotQueuedError extends WeixinError {
  declare readonly code: 'WEIXIN_DELIVERY_NOT_QUEUED';

  /**
   * @param deliveryId The record that was to be cancelled.
   * @param state Its state when the cancel was refused.
   */
  constructor(
    readonly deliveryId: string,
    readonly state: string,
  ) {
    super(M.notQueued(state), 'WEIXIN_DELIVERY_NOT_QUEUED');
  }
}
