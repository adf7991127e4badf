import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IlinkClient } from '../client/ilink-client.js';
import type { IlinkAccount } from '../client/ilink-client.options.js';
import { WeixinMediaTooLargeError } from '../client/errors/weixin-media-too-large.error.js';
import type { MessageItem, WeixinMessage } from '../protocol/wire.types.js';
import { AesEcbDecryptStream } from './crypto/aes-ecb-decrypt.stream.js';
import { cipherSize } from './crypto/cipher-size.js';
import { extensionOfMime } from './media-kind.js';
import { selectMediaItem, type SelectedMediaItem } from './media-item.selector.js';
import { selectMediaKey } from './media-key.selector.js';
import { tempMediaPath } from './media-spool.js';
import { MediaMessages } from './media.messages.js';
import type {
  WeixinDownloadedMedia,
  WeixinDownloadOptions,
  WeixinMediaInfo,
} from '../interfaces/media.types.js';
import { mimeFromFileName, sniffMime, SNIFF_BYTES, UNKNOWN_MIME } from './mime-sniffer.js';
import { silkToWav } from './silk-to-wav.js';
import { chain } from './stream-chain.js';
import { peekStream } from './stream-peek.js';
import { WeixinNoMediaError } from './weixin-no-media.error.js';

/** Limits and places of downloads (`WeixinMediaOptions` resolved). */
export interface MediaDownloadSettings {
  maxDownloadBytes: number;
  tempDir: string;
  decodeVoice: boolean;
}

/** `encode_type` of SILK voice (protocol §9.4). */
const SILK_ENCODE_TYPE = 6;

function positive(value: number | string | undefined): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Sizes the item announces: ciphertext (`mid_size`, `video_size`, `thumb_size`), plaintext (`len`). */
function announcedSizes(
  selected: SelectedMediaItem,
  thumbnail: boolean,
): { cipher?: number; plain?: number } {
  const { item } = selected;
  if (thumbnail)
    return { cipher: positive(item.image_item?.thumb_size ?? item.video_item?.thumb_size) };
  switch (selected.kind) {
    case 'image':
      return { cipher: positive(item.image_item?.mid_size) };
    case 'video':
      return { cipher: positive(item.video_item?.video_size) };
    case 'file':
      return { plain: positive(item.file_item?.len) };
    case 'voice':
      return {};
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Downloads inbound media (protocol §12.5): picks the item (§9.10), its key (§12.2), fetches
 * `full_url` or the constructed URL through the client (host allow-list, size cap), decrypts
 * while streaming, detects the MIME type from the bytes, decodes SILK voice to WAV, and answers
 * a stream, a buffer or a file.
 */
export class MediaDownloader {
  constructor(
    private readonly client: IlinkClient,
    private readonly settings: MediaDownloadSettings,
  ) {}

  async download(
    account: IlinkAccount,
    target: WeixinMessage | MessageItem,
    options: WeixinDownloadOptions = {},
  ): Promise<WeixinDownloadedMedia> {
    const selected = selectMediaItem(target);
    if (!selected) throw new WeixinNoMediaError(MediaMessages.noMedia());
    const thumbnail = options.thumbnail ?? false;
    const { media, key } = selectMediaKey(selected.kind, selected.item, thumbnail);
    const maxBytes = options.maxBytes ?? this.settings.maxDownloadBytes;
    const cipherCap = key ? cipherSize(maxBytes) : maxBytes;
    const announced = announcedSizes(selected, thumbnail);
    if (announced.plain !== undefined && announced.plain > maxBytes) {
      throw new WeixinMediaTooLargeError(announced.plain, maxBytes);
    }
    if (announced.cipher !== undefined && announced.cipher > cipherCap) {
      throw new WeixinMediaTooLargeError(announced.cipher, cipherCap);
    }
    const fetched = await this.client.downloadFromCdn(
      account,
      {
        fullUrl: media.full_url,
        encryptQueryParam: media.encrypt_query_param,
        maxBytes: cipherCap,
      },
      { signal: options.signal },
    );
    const plain = key ? chain(fetched, new AesEcbDecryptStream(key)) : fetched;
    const fileName = thumbnail ? undefined : selected.item.file_item?.file_name;
    const info: WeixinMediaInfo = { kind: selected.kind, mime: UNKNOWN_MIME, thumbnail };
    if (fileName !== undefined) info.fileName = fileName;
    const transcript = selected.item.voice_item?.text;
    if (transcript) info.transcript = transcript;

    if (selected.kind === 'voice' && (options.decodeVoice ?? this.settings.decodeVoice)) {
      return this.deliverVoice(selected.item, await collect(plain), info, options);
    }
    const { head, stream } = await peekStream(plain, SNIFF_BYTES);
    info.mime = sniffMime(head) ?? mimeFromFileName(fileName) ?? UNKNOWN_MIME;
    const knownSize = announced.plain ?? (key === undefined ? announced.cipher : undefined);
    if (knownSize !== undefined) info.size = knownSize;
    return this.deliver(stream, info, options);
  }

  private async deliverVoice(
    item: MessageItem,
    bytes: Buffer,
    info: WeixinMediaInfo,
    options: WeixinDownloadOptions,
  ): Promise<WeixinDownloadedMedia> {
    const encodeType = item.voice_item?.encode_type;
    const sniffed = sniffMime(bytes.subarray(0, SNIFF_BYTES));
    const silk = encodeType === SILK_ENCODE_TYPE || sniffed === 'audio/silk';
    const wav = silk ? await silkToWav(bytes) : undefined;
    const out = wav ?? bytes;
    info.mime = wav ? 'audio/wav' : silk ? 'audio/silk' : (sniffed ?? UNKNOWN_MIME);
    info.size = out.length;
    if (options.as === 'stream') return { ...info, as: 'stream', stream: Readable.from([out]) };
    return this.deliver(Readable.from([out]), info, options);
  }

  private async deliver(
    stream: Readable,
    info: WeixinMediaInfo,
    options: WeixinDownloadOptions,
  ): Promise<WeixinDownloadedMedia> {
    switch (options.as ?? 'buffer') {
      case 'stream':
        return { ...info, as: 'stream', stream };
      case 'buffer': {
        const buffer = await collect(stream);
        return { ...info, as: 'buffer', buffer, size: buffer.length };
      }
      case 'file': {
        const path =
          options.path ?? tempMediaPath(this.settings.tempDir, extensionOfMime(info.mime));
        let size = 0;
        const counter = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
          for await (const chunk of source) {
            size += chunk.length;
            yield chunk;
          }
        };
        try {
          await pipeline(stream, counter, createWriteStream(path, { mode: 0o600 }), {
            signal: options.signal,
          });
        } catch (error) {
          stream.destroy();
          await rm(path, { force: true });
          throw error;
        }
        return { ...info, as: 'file', path, size };
      }
    }
  }
}
