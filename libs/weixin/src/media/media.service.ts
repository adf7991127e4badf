import { Inject, Injectable, Optional } from '@nestjs/common';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { IlinkClient } from '../client/ilink-client.js';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import type { WeixinMediaDownloader } from './media-download.port.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { DeliveryRecord, PreparedMedia } from '../outbound/outbound.types.js';
import type { MessageItem, WeixinMessage } from '../protocol/wire.types.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { MediaDownloader } from './media-downloader.js';
import { MEDIA_SENDER, type MediaSendPort } from './media-send.port.js';
import { MediaUploader } from './media-uploader.js';
import { MediaMessages } from './media.messages.js';
import type {
  WeixinDownloadOptions,
  WeixinDownloadResult,
  WeixinMediaSource,
  WeixinOutboundMediaKind,
  WeixinSendMediaOptions,
  WeixinUploadOptions,
} from './media.types.js';
import { WeixinMediaUploadError } from './weixin-media-upload.error.js';

/**
 * Media in and out of WeChat, streamed with constant memory.
 *
 * Outbound: `upload()` encrypts and uploads a Buffer, file, stream or URL for one user and answers
 * a `PreparedMedia` that can be sent to that user any number of times; `sendImage()`,
 * `sendVideo()` and `sendFile()` upload and send it (caption first) through the send service.
 * Inbound: `download()` fetches, decrypts and identifies the media of a message or item.
 */
@Injectable()
export class MediaService implements WeixinMediaDownloader {
  private readonly uploader: MediaUploader;
  private readonly downloader: MediaDownloader;

  constructor(
    client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    @Inject(WEIXIN_OPTIONS) options: ResolvedWeixinOptions,
    @Optional() @Inject(MEDIA_SENDER) private readonly sender?: MediaSendPort,
  ) {
    this.uploader = new MediaUploader(client, options.media);
    this.downloader = new MediaDownloader(client, options.media);
  }

  /**
   * Uploads media for `userId` (the upload is bound to that user, protocol §12.3) and answers
   * the item to send. The kind follows the detected MIME type unless `options.kind` is given.
   *
   * @throws WeixinMediaTooLargeError above the size limit (before reading the source whole)
   * @throws WeixinMediaSourceError when the source cannot be read or its URL host is not allowed
   * @throws WeixinMediaUploadError when `getuploadurl` or the CDN upload fails
   */
  async upload(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinUploadOptions = {},
  ): Promise<PreparedMedia> {
    const account = await this.accounts.ref(accountId);
    return this.uploader.upload(account, userId, source, options);
  }

  /** Uploads an image and sends it, after `caption` as its own text; answers the delivery records. */
  sendImage(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendMediaOptions = {},
  ): Promise<DeliveryRecord[]> {
    return this.uploadAndSend('image', accountId, userId, source, options);
  }

  /** Uploads a video and sends it, after `caption` as its own text; answers the delivery records. */
  sendVideo(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendMediaOptions = {},
  ): Promise<DeliveryRecord[]> {
    return this.uploadAndSend('video', accountId, userId, source, options);
  }

  /**
   * Uploads a file (any format; audio goes out as a file, protocol §12.7) and sends it, after
   * `caption` as its own text; answers the delivery records.
   */
  sendFile(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendMediaOptions = {},
  ): Promise<DeliveryRecord[]> {
    return this.uploadAndSend('file', accountId, userId, source, options);
  }

  /** Sends an already uploaded `PreparedMedia` again (no second upload). */
  send(
    media: PreparedMedia,
    options: Pick<WeixinSendMediaOptions, 'caption' | 'idempotencyKey'> = {},
  ): Promise<DeliveryRecord[]> {
    const sender = this.requireSender();
    return sender.send(
      media.accountId,
      media.userId,
      { media, caption: options.caption },
      { idempotencyKey: options.idempotencyKey },
    );
  }

  /**
   * Downloads the media of a message (the first downloadable item, protocol §9.10, or the quoted
   * media) or of one item, decrypted, as a buffer (default), a stream or a file.
   *
   * @throws WeixinNoMediaError when there is nothing to download
   * @throws WeixinMediaTooLargeError above the size limit
   * @throws WeixinHostNotAllowedError for a `full_url` outside the allowed hosts (no request made)
   */
  async download<O extends WeixinDownloadOptions | undefined = undefined>(
    accountId: string,
    target: WeixinMessage | MessageItem,
    options?: O,
  ): Promise<WeixinDownloadResult<O>> {
    const account = await this.accounts.ref(accountId);
    const result = await this.downloader.download(account, target, options ?? {});
    return result as WeixinDownloadResult<O>;
  }

  private async uploadAndSend(
    kind: WeixinOutboundMediaKind,
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendMediaOptions,
  ): Promise<DeliveryRecord[]> {
    const sender = this.requireSender();
    const { caption, idempotencyKey } = options;
    if (idempotencyKey && sender.findByIdempotencyKey) {
      const earlier = await sender.findByIdempotencyKey(accountId, idempotencyKey);
      if (earlier.length > 0) return earlier;
    }
    let media: PreparedMedia;
    try {
      media = await this.upload(accountId, userId, source, {
        kind,
        fileName: options.fileName,
        signal: options.signal,
      });
    } catch (error) {
      if (sender.recordFailure) {
        const reason = error instanceof Error ? error.message : String(error);
        const record = await sender.recordFailure(accountId, userId, {
          kind,
          caption,
          idempotencyKey,
          reason,
        });
        if (error instanceof WeixinMediaUploadError) error.delivery = record;
      }
      throw error;
    }
    return sender.send(accountId, userId, { media, caption }, { idempotencyKey });
  }

  private requireSender(): MediaSendPort {
    if (!this.sender) throw new WeixinConfigError(MediaMessages.noSender());
    return this.sender;
  }
}
