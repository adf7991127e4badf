import { MessageItemType, type MessageItem } from '../protocol/index.js';
import type { ResolvedSendOptions } from '../options/resolved-options.js';
import { flattenMarkdown } from './markdown-flattener.js';
import { OutboundMessages as M } from './outbound.messages.js';
import type { OutboundContent, OutboundKind, PreparedMedia } from './outbound.types.js';

const MEDIA_KINDS: OutboundKind[] = ['image', 'video', 'file', 'voice'];
import { splitText, type TextLimits } from './text-splitter.js';
import { utf8Length, codePointLength } from './utf8.js';
import { WeixinInvalidContentError } from './weixin-invalid-content.error.js';

/** One message of a send plan (one `sendmessage` call). */
export interface PlannedMessage {
  kind: OutboundKind;
  text?: string;
  item?: MessageItem;
  part: number;
  parts: number;
}

/** The messages of one send, in order; `textOnly` when it is one (possibly split) text. */
export interface SendPlan {
  messages: PlannedMessage[];
  textOnly: boolean;
}

function textParts(text: string, o: ResolvedSendOptions): PlannedMessage[] {
  const parts = splitText(flattenMarkdown(text, o.markdown), limitsOf(o));
  return parts.map((t, i) => ({ kind: 'text', text: t, part: i + 1, parts: parts.length }));
}

/** The text limits of the options. */
export function limitsOf(o: ResolvedSendOptions): TextLimits {
  return { maxBytes: o.maxTextBytes, maxChars: o.maxTextChars };
}

/**
 * The messages `content` goes out as: a text flattened and split into parts; a caption as its
 * own text message(s) before the media item.
 * @throws WeixinInvalidContentError for content that can never be sent
 */
export function planContent(
  content: OutboundContent,
  accountId: string,
  userId: string,
  o: ResolvedSendOptions,
): SendPlan {
  const c = (typeof content === 'object' && content !== null ? content : {}) as {
    text?: unknown;
    media?: Partial<PreparedMedia>;
    caption?: unknown;
  };
  if (typeof content === 'string' || typeof c.text === 'string') {
    const text = typeof content === 'string' ? content : (c.text as string);
    const messages = textParts(text, o);
    if (messages.length === 0) throw new WeixinInvalidContentError(M.emptyText());
    return { messages, textOnly: true };
  }
  const media = c.media;
  const caption = typeof c.caption === 'string' ? c.caption : undefined;
  if (
    typeof media !== 'object' ||
    media === null ||
    typeof media.item !== 'object' ||
    media.item === null ||
    !MEDIA_KINDS.includes(media.kind as OutboundKind)
  ) {
    throw new WeixinInvalidContentError(M.invalidContent());
  }
  if ((media.item.type === MessageItemType.Voice) !== (media.kind === 'voice')) {
    throw new WeixinInvalidContentError(M.invalidContent());
  }
  if (media.accountId !== accountId || media.userId !== userId) {
    throw new WeixinInvalidContentError(M.mediaForOtherUser(String(media.kind)));
  }
  const messages = caption && caption.trim() !== '' ? textParts(caption, o) : [];
  messages.push({ kind: media.kind!, item: media.item, part: 1, parts: 1 });
  return { messages, textOnly: false };
}

/**
 * Keeps the first `keep` (≥ 1) parts of a split text; the last kept part is shortened to make
 * room for `marker`, code fences staying balanced.
 */
export function truncateParts(
  parts: PlannedMessage[],
  keep: number,
  marker: string,
  limits: TextLimits,
): PlannedMessage[] {
  const kept = parts.slice(0, keep).map((p) => ({ ...p, parts: keep }));
  const last = kept[keep - 1]!;
  const room: TextLimits = {
    maxBytes: limits.maxBytes - utf8Length(marker),
    maxChars: limits.maxChars - codePointLength(marker),
  };
  const head = splitText(last.text ?? '', room)[0] ?? '';
  kept[keep - 1] = { ...last, text: head + marker };
  return kept;
}
