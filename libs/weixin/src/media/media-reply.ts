import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import type { WeixinMediaSource, WeixinUploadOptions } from '../interfaces/media.types.js';

/** What a media reply asks for: the upload and the caption sent before it. */
export interface MediaReplyUpload {
  source: WeixinMediaSource;
  options: WeixinUploadOptions;
  caption?: string;
  /** Set for a native voice reply: encode the source as SILK (`MediaService.uploadVoice`). */
  voice?: { sampleRate?: number };
}

/**
 * The upload of a media reply (`{ image }`, `{ video }`, `{ file, fileName? }`,
 * `{ voice, sampleRate? }`, each with an optional caption), or `undefined` for a text reply. A reply sender uploads `source` for the
 * message's sender with `options`, sends `caption` as its own text when present, then the item.
 */
export function mediaReplyUpload(reply: WeixinReply): MediaReplyUpload | undefined {
  if (typeof reply === 'string' || 'text' in reply) return undefined;
  if ('image' in reply)
    return { source: reply.image, options: { kind: 'image' }, caption: reply.caption };
  if ('video' in reply)
    return { source: reply.video, options: { kind: 'video' }, caption: reply.caption };
  if ('voice' in reply) {
    return {
      source: reply.voice,
      options: {},
      caption: reply.caption,
      voice: { sampleRate: reply.sampleRate },
    };
  }
  return {
    source: reply.file,
    options: { kind: 'file', fileName: reply.fileName },
    caption: reply.caption,
  };
}
