import { WeixinError } from '../../errors/weixin.error.js';
import { AdminErrorMessages as M } from './admin-errors.messages.js';

/**
 * No delivery record with this id (or none of this account in its outbox).
 * `code`: `WEIXIN_UNKNOWN_DELIVERY` (HTTP 404).
 */
export class WeixinUnknownDeliveryError extends WeixinError {
  declare readonly code: 'WEIXIN_UNKNOWN_DELIVERY';

  /**
   * @param deliveryId The id asked for.
   * @param what How the record was asked for: `'The delivery'` or `'The outbox entry'`.
   */
  constructor(
    readonly deliveryId: string,
    what: 'The delivery' | 'The outbox entry' = 'The delivery',
  ) {
    super(M.notFound(what), 'WEIXIN_UNKNOWN_DELIVERY');
  }
}
