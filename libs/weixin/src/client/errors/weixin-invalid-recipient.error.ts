import { WeixinError } from '../../errors/weixin.error.js';

/**
 * A send's recipient is not a WeChat user id (`<openid>@im.wechat`): refused before any request
 * (the server would answer `ret -3` "invalid arguments"); nothing is recorded.
 * `code`: `WEIXIN_INVALID_RECIPIENT`.
 */
export class WeixinInvalidRecipientError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_INVALID_RECIPIENT');
  }
}
