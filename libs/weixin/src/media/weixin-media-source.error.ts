import { WeixinError } from '../errors/weixin.error.js';

/** An outbound media source cannot be read or fetched. `code`: `WEIXIN_MEDIA_SOURCE`. */
export class WeixinMediaSourceError extends WeixinError {
  constructor(message: string, cause?: unknown) {
    super(message, 'WEIXIN_MEDIA_SOURCE', cause === undefined ? undefined : { cause });
  }
}
