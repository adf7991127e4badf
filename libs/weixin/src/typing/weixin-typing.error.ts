import { WeixinError } from '../errors/weixin.error.js';

/**
 * A `TypingService` call was given something it cannot use: `WEIXIN_TYPING` for a bad option
 * (a negative duration), `WEIXIN_TYPING_CHANNEL` for a channel that is not configured.
 */
export class WeixinTypingError extends WeixinError {
  constructor(message: string, code: 'WEIXIN_TYPING' | 'WEIXIN_TYPING_CHANNEL' = 'WEIXIN_TYPING') {
    super(message, code);
  }
}
