import type { CdnMedia, MessageItem } from '../protocol/wire.types.js';
import { parseAesKey } from './crypto/aes-key.js';
import { MediaMessages } from './media.messages.js';
import type { WeixinInboundMediaKind } from '../interfaces/media.types.js';
import { WeixinNoMediaError } from './weixin-no-media.error.js';

/** The CDN reference and key of one download. */
export interface MediaKeySelection {
  media: CdnMedia;
  /** The AES key; `undefined` for a key-less image, whose bytes are plain. */
  key?: Buffer;
}

/**
 * Chooses the CDN reference and AES key of an item (protocol §12.2, §16.19–20): images use
 * `image_item.aeskey` (hex) first, then `media.aes_key`, and neither means plain bytes; other
 * kinds need `media.aes_key`. Every key encoding is accepted. A thumbnail uses `thumb_media`
 * with its own `aes_key`, else the key of the main media (the official client never downloads
 * thumbnails; this is inferred).
 *
 * @throws WeixinNoMediaError when the item lacks the thumbnail or a required key
 */
export function selectMediaKey(
  kind: WeixinInboundMediaKind,
  item: MessageItem,
  thumbnail = false,
): MediaKeySelection {
  const payload =
    kind === 'image'
      ? item.image_item
      : kind === 'video'
        ? item.video_item
        : kind === 'file'
          ? item.file_item
          : item.voice_item;
  const main = payload?.media;
  let media = main;
  if (thumbnail) {
    const thumb = kind === 'image' ? item.image_item?.thumb_media : item.video_item?.thumb_media;
    if (!thumb) throw new WeixinNoMediaError(MediaMessages.noThumbnail(kind));
    media = thumb;
  }
  if (!media) throw new WeixinNoMediaError(MediaMessages.noMedia());
  const candidates = [
    thumbnail ? media.aes_key : undefined,
    kind === 'image' ? item.image_item?.aeskey : undefined,
    main?.aes_key,
  ];
  const encoded = candidates.find((value): value is string => Boolean(value?.trim()));
  if (encoded) return { media, key: parseAesKey(encoded) };
  if (kind === 'image') return { media };
  throw new WeixinNoMediaError(MediaMessages.missingKey(kind));
}
