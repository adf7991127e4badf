import type { OutboundQuote } from '../interfaces/outbound.types.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { isMediaSource } from '../media/media-source.js';
import { INVALID_RETURN_VALUE, INVALID_RETURN_VALUE_ITEM } from './handlers.messages.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

const optionalString = (value: unknown): boolean =>
  value === undefined || typeof value === 'string';

function isMediaReply(reply: Record<string, unknown>): boolean {
  const sources = [reply.image, reply.video, reply.file, reply.voice].filter(
    (v) => v !== undefined,
  );
  return (
    sources.length === 1 &&
    isMediaSource(sources[0]) &&
    optionalString(reply.caption) &&
    optionalString(reply.fileName) &&
    (reply.fileName === undefined || reply.file !== undefined) &&
    (reply.sampleRate === undefined ||
      (reply.voice !== undefined && Number.isInteger(reply.sampleRate)))
  );
}

function isReply(value: unknown): value is WeixinReply {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const reply = value as Record<string, unknown>;
  if (typeof reply.text === 'string') return true;
  return isMediaReply(reply);
}

/**
 * The replies a handler's return value stands for: `undefined`/`null` → none, a string,
 * `{ text }`, `{ image, caption? }`, `{ video, caption? }`, `{ file, fileName?, caption? }` or
 * `{ voice, sampleRate?, caption? }` →
 * that one, an array → each element in order.
 *
 * @throws WeixinHandlerError for any other value, naming the accepted shapes
 */
export function replyFromReturnValue(value: unknown): WeixinReply[] {
  if (value === undefined || value === null) return [];
  if (isReply(value)) return [value];
  if (!Array.isArray(value))
    throw new WeixinHandlerError(INVALID_RETURN_VALUE(value), 'WEIXIN_INVALID_REPLY');
  return value.map((element: unknown, index) => {
    if (!isReply(element))
      throw new WeixinHandlerError(
        INVALID_RETURN_VALUE_ITEM(index, element),
        'WEIXIN_INVALID_REPLY',
      );
    return element;
  });
}

/** `content` with a `quote: true` made explicit: the quoted message's server id and text. */
export function quoteExplicit(content: WeixinReply, messageId: string, text: string): WeixinReply {
  if (typeof content !== 'object' || content === null || !('text' in content)) return content;
  if (content.quote !== true) return content;
  const quote: OutboundQuote = { svrId: messageId };
  if (text !== '') quote.text = text;
  return { ...content, quote };
}
