import { WeixinError } from '../errors/weixin.error.js';

/** A test-kit wait that ran out, or a message that failed in the app under test. */
export class WeixinTestingError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_TESTING');
  }
}
