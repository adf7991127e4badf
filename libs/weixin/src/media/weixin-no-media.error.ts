import { WeixinError } from '../errors/weixin.error.js';

/**
 * A message or item has nothing to download: no media item, no thumbnail, or no key.
 * `code`: `WEIXIN_NO_MEDIA`.
 */
export class WeixinNoMediaError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_NO_MEDIA');
  }
}
