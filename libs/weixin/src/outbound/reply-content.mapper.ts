import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { mediaReplyUpload } from '../media/media-reply.js';
import type { MediaService } from '../media/media.service.js';
import type { OutboundContent } from '../interfaces/outbound.types.js';
import { textContent } from './text/text-reply.mapper.js';

/**
 * The send content of a handler's reply to `userId`: a text as it is, a media reply uploaded
 * for the user (native voice through the voice encoder), its caption kept to go out before it.
 */
export async function replyContent(
  media: MediaService,
  accountId: string,
  userId: string,
  reply: WeixinReply,
): Promise<OutboundContent> {
  const upload = mediaReplyUpload(reply);
  if (!upload) return textContent(reply);
  const item = upload.voice
    ? await media.uploadVoice(accountId, userId, upload.source, upload.voice)
    : await media.upload(accountId, userId, upload.source, upload.options);
  return upload.caption ? { media: item, caption: upload.caption } : { media: item };
}
