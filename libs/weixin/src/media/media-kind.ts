import { MessageItemType, UploadMediaType } from '../protocol/enums.js';
import type { WeixinOutboundMediaKind } from '../interfaces/media.types.js';

/** Routing by MIME type (protocol §10.2): `video/*` → video, `image/*` → image, else file. */
export function kindFromMime(mime: string): Exclude<WeixinOutboundMediaKind, 'voice'> {
  const type = mime.toLowerCase();
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('image/')) return 'image';
  return 'file';
}

/** The `getuploadurl` `media_type` of a kind. */
export const UPLOAD_MEDIA_TYPE: Readonly<Record<WeixinOutboundMediaKind, UploadMediaType>> = {
  image: UploadMediaType.Image,
  video: UploadMediaType.Video,
  file: UploadMediaType.File,
  voice: UploadMediaType.Voice,
};

/** The item `type` of a kind. */
export const ITEM_TYPE: Readonly<Record<WeixinOutboundMediaKind, MessageItemType>> = {
  image: MessageItemType.Image,
  video: MessageItemType.Video,
  file: MessageItemType.File,
  voice: MessageItemType.Voice,
};

const EXTENSION_OF_MIME: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'audio/wav': 'wav',
  'audio/silk': 'silk',
  'audio/mpeg': 'mp3',
  'text/plain': 'txt',
};

/** The usual file extension of a MIME type (`bin` when unknown). */
export function extensionOfMime(mime: string): string {
  return EXTENSION_OF_MIME[mime] ?? 'bin';
}

/** A file name for media without one: `file.<extension of its MIME type>`. */
export function defaultFileName(mime: string): string {
  return `file.${extensionOfMime(mime)}`;
}
