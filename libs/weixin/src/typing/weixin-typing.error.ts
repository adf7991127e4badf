import { WeixinError } from '../errors/weixin.error.js';

/**
 * A `TypingService` call was given something it cannot use (an unknown channel, a negative
 * duration). Failures of the typing calls themselves are logged, never thrown.
 * `code`: `WEIXIN_TYPING`.
 */
export class WeixinTypingError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_TYPING');
  }
}
