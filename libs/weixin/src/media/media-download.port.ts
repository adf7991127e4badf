import type { MessageItem, WeixinMessage } from '../protocol/index.js';
import type { WeixinDownloadOptions, WeixinDownloadResult } from '../interfaces/media.types.js';

/** Downloads the media of a message (`MediaService` implements it) for `ctx.download()`. */
export interface WeixinMediaDownloader {
  download<O extends WeixinDownloadOptions | undefined = undefined>(
    accountId: string,
    target: WeixinMessage | MessageItem,
    options?: O,
  ): Promise<WeixinDownloadResult<O>>;
}
