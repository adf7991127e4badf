import { WeixinError } from '../errors/weixin.error.js';

/** Why a `WeixinLoginService` call was refused. */
export type WeixinLoginErrorCode =
  | 'WEIXIN_LOGIN_NOT_FOUND'
  | 'WEIXIN_LOGIN_INVALID_VERIFY_CODE'
  | 'WEIXIN_LOGIN_NOT_AWAITING_CODE'
  | 'WEIXIN_LOGIN_FINISHED'
  | 'WEIXIN_LOGIN_INVALID_OPTIONS'
  | 'WEIXIN_LOGIN_LIMIT';

/**
 * A QR login call was refused (unknown login, bad verify code, wrong moment, too many logins in
 * progress). No secrets inside.
 */
export class WeixinLoginError extends WeixinError {
  /** Why the call was refused. */
  declare readonly code: WeixinLoginErrorCode;

  constructor(message: string, code: WeixinLoginErrorCode) {
    super(message, code);
  }
}
