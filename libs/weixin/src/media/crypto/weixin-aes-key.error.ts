import { WeixinError } from '../../errors/weixin.error.js';

/** An AES key string or buffer is not a usable AES-128 key. `code`: `WEIXIN_AES_KEY`. */
export class WeixinAesKeyError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_AES_KEY');
  }
}
