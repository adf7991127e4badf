import { WeixinError } from '../errors/weixin.error.js';

/**
 * `send()` was given content that can never be sent (empty text, media uploaded for another
 * user, a voice item). Nothing was recorded. `code`: `WEIXIN_INVALID_CONTENT`.
 */
export class WeixinInvalidContentError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_INVALID_CONTENT');
  }
}
