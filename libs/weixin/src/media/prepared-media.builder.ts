import type { CdnMedia, MessageItem } from '../protocol/wire.types.js';
import { ITEM_TYPE } from './media-kind.js';
import type { WeixinOutboundMediaKind } from '../interfaces/media.types.js';
import type { VoiceMeta } from './voice-encoder.js';

/** The facts of one finished upload that the item carries. */
export interface UploadedMedia {
  kind: WeixinOutboundMediaKind;
  /** The `x-encrypted-param` of the CDN upload. */
  encryptQueryParam: string;
  /** `CDNMedia.aes_key`: base64 of the 32 hex characters of the key (protocol §12.2). */
  aesKey: string;
  /** Plaintext bytes. */
  rawSize: number;
  /** Ciphertext bytes. */
  cipherSize: number;
  /** File name of a file item. */
  fileName: string;
  /** The SILK facts of a voice item. */
  voice?: VoiceMeta;
}

/**
 * The `item_list` entry of an uploaded media with exactly the fields of protocol §10.2:
 * `mid_size` / `video_size` = ciphertext size; a file's `len` = plaintext size as a string; a
 * voice's `encode_type`, `sample_rate`, `bits_per_sample` and `playtime` (protocol §9.4).
 */
export function buildMediaItem(upload: UploadedMedia): MessageItem {
  const media: CdnMedia = {
    encrypt_query_param: upload.encryptQueryParam,
    aes_key: upload.aesKey,
    encrypt_type: 1,
  };
  const type = ITEM_TYPE[upload.kind];
  switch (upload.kind) {
    case 'image':
      return { type, image_item: { media, mid_size: upload.cipherSize } };
    case 'video':
      return { type, video_item: { media, video_size: upload.cipherSize } };
    case 'file':
      return {
        type,
        file_item: { media, file_name: upload.fileName, len: String(upload.rawSize) },
      };
    case 'voice': {
      const v = upload.voice;
      return {
        type,
        voice_item: {
          media,
          encode_type: v?.encodeType,
          sample_rate: v?.sampleRate,
          bits_per_sample: v?.bitsPerSample,
          playtime: v?.playtimeMs,
        },
      };
    }
  }
}
