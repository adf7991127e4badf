import { randomBytes } from 'node:crypto';
import type { IlinkClient } from '../client/ilink-client.js';
import type { IlinkAccount } from '../client/ilink-client.options.js';
import { describeValue } from '../utils/describe-value.js';
import type { PreparedMedia } from '../interfaces/outbound.types.js';
import { AesEcbEncryptStream } from './crypto/aes-ecb-encrypt.stream.js';
import { aesKeyToHex, createAesKey, encodeOutboundAesKey } from './crypto/aes-key.js';
import { cipherSize } from './crypto/cipher-size.js';
import { defaultFileName, kindFromMime, UPLOAD_MEDIA_TYPE } from './media-kind.js';
import { classifySource } from './media-source.js';
import { MediaMessages } from './media.messages.js';
import type { WeixinMediaSource, WeixinUploadOptions } from '../interfaces/media.types.js';
import { mimeFromFileName, sniffMime, UNKNOWN_MIME } from './mime-sniffer.js';
import { buildMediaItem } from './prepared-media.builder.js';
import { chain } from './stream-chain.js';
import { planUpload } from './upload-planner.js';
import { WeixinMediaSourceError } from './weixin-media-source.error.js';
import { WeixinMediaUploadError } from './weixin-media-upload.error.js';
import type { VoiceMeta } from './voice-encoder.js';

/** Limits and places of uploads (`WeixinMediaOptions` resolved). */
export interface MediaUploadSettings {
  maxUploadBytes: number;
  tempDir: string;
  allowedSourceHosts: readonly string[];
  sourceTimeoutMs: number;
}

/**
 * Uploads one media source for one user (protocol §12.8): plaintext size and MD5 first (constant
 * memory), `getuploadurl` with a fresh key, then the ciphertext streamed to the CDN, encrypted
 * per attempt. Answers the `PreparedMedia` to send. Temporary files are removed in every case.
 */
export class MediaUploader {
  constructor(
    private readonly client: IlinkClient,
    private readonly settings: MediaUploadSettings,
  ) {}

  async upload(
    account: IlinkAccount,
    userId: string,
    source: WeixinMediaSource,
    options: WeixinUploadOptions = {},
    voice?: VoiceMeta,
  ): Promise<PreparedMedia> {
    const classified = classifySource(source);
    if (!classified) {
      throw new WeixinMediaSourceError(MediaMessages.unsupportedSource(describeValue(source)));
    }
    const plan = await planUpload(classified, {
      maxBytes: options.maxBytes ?? this.settings.maxUploadBytes,
      tempDir: this.settings.tempDir,
      allowedSourceHosts: this.settings.allowedSourceHosts,
      sourceTimeoutMs: this.settings.sourceTimeoutMs,
      signal: options.signal,
    });
    try {
      const mime =
        options.mime ??
        sniffMime(plan.head) ??
        mimeFromFileName(options.fileName ?? plan.fileName) ??
        UNKNOWN_MIME;
      const kind = voice ? 'voice' : (options.kind ?? kindFromMime(mime));
      const key = createAesKey();
      const filekey = randomBytes(16).toString('hex');
      const filesize = cipherSize(plan.size);
      const call = { signal: options.signal };
      const answer = await this.client
        .getUploadUrl(
          account,
          {
            filekey,
            media_type: UPLOAD_MEDIA_TYPE[kind],
            to_user_id: userId,
            rawsize: plan.size,
            rawfilemd5: plan.md5,
            filesize,
            no_need_thumb: true,
            aeskey: aesKeyToHex(key),
          },
          call,
        )
        .catch((error: unknown) => {
          throw new WeixinMediaUploadError('getuploadurl', error);
        });
      const param = await this.client
        .uploadToCdn(
          account,
          {
            uploadFullUrl: answer.upload_full_url,
            uploadParam: answer.upload_param,
            filekey,
            size: filesize,
            // The plan already hashed the plaintext; the CDN checks size and MD5 on arrival.
            body: () => chain(plan.open(), new AesEcbEncryptStream(key, { md5: false })),
          },
          call,
        )
        .catch((error: unknown) => {
          throw new WeixinMediaUploadError('cdn-upload', error);
        });
      const fileName = options.fileName ?? plan.fileName ?? defaultFileName(mime);
      return {
        kind,
        accountId: account.accountId,
        userId,
        item: buildMediaItem({
          kind,
          encryptQueryParam: param,
          aesKey: encodeOutboundAesKey(key),
          rawSize: plan.size,
          cipherSize: filesize,
          fileName,
          voice,
        }),
        size: plan.size,
        md5: plan.md5,
        fileName,
      };
    } finally {
      await plan.dispose();
    }
  }

  /** Reads a source whole into memory (at most `maxBytes`), for audio to encode. */
  async read(source: WeixinMediaSource, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    const classified = classifySource(source);
    if (!classified) {
      throw new WeixinMediaSourceError(MediaMessages.unsupportedSource(describeValue(source)));
    }
    const plan = await planUpload(classified, {
      maxBytes,
      tempDir: this.settings.tempDir,
      allowedSourceHosts: this.settings.allowedSourceHosts,
      sourceTimeoutMs: this.settings.sourceTimeoutMs,
      signal,
    });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of plan.open()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } finally {
      await plan.dispose();
    }
  }
}
