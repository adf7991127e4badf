import { WeixinError } from '../../errors/weixin.error.js';
import { AdminErrorMessages as M } from './admin-errors.messages.js';

/**
 * The account's session expired, so it cannot be paused or resumed until a new QR login.
 * `code`: `WEIXIN_ACCOUNT_NEEDS_LOGIN` (HTTP 409).
 */
export class WeixinAccountNeedsLoginError extends WeixinError {
  declare readonly code: 'WEIXIN_ACCOUNT_NEEDS_LOGIN';

  /** @param accountId The account whose session expired. */
  constructor(readonly accountId: string) {
    super(M.accountNeedsLogin(), 'WEIXIN_ACCOUNT_NEEDS_LOGIN');
  }
}
