import { Inject, Injectable, Optional } from '@nestjs/common';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { IlinkClient } from '../client/ilink-client.js';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import type { WeixinMediaDownloader } from './media-download.port.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { DeliveryRecord, PreparedMedia } from '../interfaces/outbound.types.js';
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
  WeixinSendVoiceOptions,
  WeixinUploadOptions,
} from '../interfaces/media.types.js';
import { normalizeRecipient } from '../client/recipient.js';
import { encodeVoice } from './voice-encoder.js';
import {
  anyFailure,
  earlierRecords,
  isUploadFailure,
  recordingFailure,
} from './media-send.records.js';

/**
 * Media in and out of WeChat, streamed with constant memory.
 *
 * Outbound: `upload()` encrypts and uploads a Buffer, file, stream or URL for one user and answers
 * a `PreparedMedia` that can be sent to that user any number of times; `sendImage()`,
 * `sendVideo()` and `sendFile()` upload and send it (caption first) through the send service;
 * `sendVoice()` encodes audio as SILK and sends a native voice message (a file when refused).
 * Inbound: `download()` fetches, decrypts and identifies the media of a message or item.
 */
@Injectable()
export class MediaService implements WeixinMediaDownloader {
  private readonly uploader: MediaUploader;
  private readonly downloader: MediaDownloader;
  private readonly maxUploadBytes: number;

  constructor(
    client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    @Inject(WEIXIN_OPTIONS) options: ResolvedWeixinOptions,
    @Optional() @Inject(MEDIA_SENDER) private readonly sender?: MediaSendPort,
  ) {
    this.uploader = new MediaUploader(client, options.media);
    this.downloader = new MediaDownloader(client, options.media);
    this.maxUploadBytes = options.media.maxUploadBytes;
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
    return this.uploader.upload(account, normalizeRecipient(userId), source, options);
  }

  /**
   * Encodes audio as SILK and uploads it as a native voice message (upload `media_type` 4) for
   * `userId`; answers the item to send (`voice_item` with `encode_type` 6, `sample_rate`,
   * `bits_per_sample` and `playtime`). Takes WAV, raw 16-bit mono PCM (`sampleRate` required) or
   * SILK; MP3 and OGG are not decoded (convert them to WAV first).
   *
   * @throws WeixinVoiceFormatError for audio that cannot be encoded (nothing uploaded)
   * @throws WeixinMediaUploadError when `getuploadurl` or the CDN upload fails
   */
  async uploadVoice(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: Pick<WeixinSendVoiceOptions, 'sampleRate' | 'signal'> = {},
  ): Promise<PreparedMedia> {
    return (await this.prepareVoice(accountId, userId, source, options)).media;
  }

  /**
   * Sends audio as a native voice message (after `caption` as its own text) and answers the
   * delivery records. When the server refuses native voice (`ret -2`) and `fallbackToFile` is on
   * (the default), the audio goes out again as a WAV file: the voice's record ends `rejected`
   * with cause `voice-refused` and the file's record follows it, so the records say which went
   * out. A voice the server accepts but drops silently cannot be detected, and a voice that waits
   * in the outbox (no token, window closed, breaker open) is sent later as voice only.
   *
   * @throws WeixinVoiceFormatError for audio that cannot be encoded (nothing uploaded or sent)
   * @throws WeixinMediaUploadError when an upload fails (recorded as a `rejected` delivery)
   */
  async sendVoice(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendVoiceOptions = {},
  ): Promise<DeliveryRecord[]> {
    const sender = this.requireSender();
    const { caption, idempotencyKey } = options;
    userId = normalizeRecipient(userId);
    const fileKey = idempotencyKey === undefined ? undefined : `${idempotencyKey}:file`;
    const earlier = await earlierRecords(sender, accountId, idempotencyKey);
    if (earlier.length > 0) {
      return [...earlier, ...(await earlierRecords(sender, accountId, fileKey))];
    }
    const { media, wav } = await recordingFailure(
      sender,
      accountId,
      userId,
      'voice',
      options,
      isUploadFailure,
      () => this.prepareVoice(accountId, userId, source, options),
    );
    const records = await sender.send(
      accountId,
      media.userId,
      { media, caption },
      { idempotencyKey },
    );
    const voice = records[records.length - 1];
    if (options.fallbackToFile === false || voice?.cause !== 'voice-refused') return records;
    const fileOptions = { fileName: options.fileName ?? 'voice.wav', signal: options.signal };
    const file = await recordingFailure(
      sender,
      accountId,
      userId,
      'file',
      options,
      isUploadFailure,
      () => this.upload(accountId, media.userId, wav, { ...fileOptions, kind: 'file' }),
    );
    const fallback = await sender.send(
      accountId,
      media.userId,
      { media: file },
      { idempotencyKey: fileKey },
    );
    return [...records, ...fallback];
  }

  private async prepareVoice(
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: Pick<WeixinSendVoiceOptions, 'sampleRate' | 'signal'>,
  ): Promise<{ media: PreparedMedia; wav: Buffer }> {
    const account = await this.accounts.ref(accountId);
    const recipient = normalizeRecipient(userId);
    const audio = await this.uploader.read(source, this.maxUploadBytes, options.signal);
    const voice = await encodeVoice(audio, options.sampleRate);
    const media = await this.uploader.upload(
      account,
      recipient,
      voice.silk,
      { fileName: 'voice.silk', mime: 'audio/silk', signal: options.signal },
      voice.meta,
    );
    return { media, wav: voice.wav };
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
   * Uploads a file (any format; `sendVoice()` sends audio as a native voice message) and sends it, after
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
    kind: Exclude<WeixinOutboundMediaKind, 'voice'>,
    accountId: string,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinSendMediaOptions,
  ): Promise<DeliveryRecord[]> {
    const sender = this.requireSender();
    const { caption, idempotencyKey } = options;
    userId = normalizeRecipient(userId);
    const earlier = await earlierRecords(sender, accountId, idempotencyKey);
    if (earlier.length > 0) return earlier;
    const media = await recordingFailure(sender, accountId, userId, kind, options, anyFailure, () =>
      this.upload(accountId, userId, source, {
        kind,
        fileName: options.fileName,
        signal: options.signal,
      }),
    );
    return sender.send(accountId, userId, { media, caption }, { idempotencyKey });
  }

  private requireSender(): MediaSendPort {
    if (!this.sender) throw new WeixinConfigError(MediaMessages.noSender());
    return this.sender;
  }
}
