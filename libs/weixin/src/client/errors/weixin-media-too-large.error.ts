import { WeixinError } from '../../errors/weixin.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * A CDN download is larger than the `maxBytes` the caller allowed.
 * `code`: `WEIXIN_MEDIA_TOO_LARGE`.
 */
export class WeixinMediaTooLargeError extends WeixinError {
  /** The size seen so far (or announced by `content-length`). */
  readonly size: number;
  /** The limit that was exceeded. */
  readonly maxBytes: number;

  constructor(size: number, maxBytes: number) {
    super(IlinkClientMessages.mediaTooLarge(size, maxBytes), 'WEIXIN_MEDIA_TOO_LARGE');
    this.size = size;
    this.maxBytes = maxBytes;
  }
}
