import { MessageItemType, type MessageItem } from '../../protocol/index.js';
import type { ResolvedSendOptions } from '../../options/resolved-options.js';
import { flattenMarkdown } from './markdown.flattener.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import type {
  OutboundContent,
  OutboundKind,
  OutboundQuote,
  PreparedMedia,
  ProgressStep,
} from '../../interfaces/outbound.types.js';

const MEDIA_KINDS: OutboundKind[] = ['image', 'video', 'file', 'voice'];
const PROGRESS_STATUSES = new Set(['completed', 'failed', 'blocked', 'unknown']);
const UINT64 = /^(0|[1-9][0-9]{0,19})$/u;
import { splitText, type TextLimits } from './text.splitter.js';
import { utf8Length, codePointLength } from './utf8.util.js';
import { WeixinInvalidContentError } from '../weixin-invalid-content.error.js';

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

const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.trim().length >= min && [...v].length <= max;

/**
 * The `ref_msg` of an outbound quote (protocol §9.6 shape; no source shows it sent outbound).
 * @throws WeixinInvalidContentError for a malformed quote
 */
export function refMessageOf(quote: OutboundQuote): MessageItem['ref_msg'] {
  const q = (typeof quote === 'object' && quote !== null ? quote : {}) as Partial<OutboundQuote>;
  if (
    typeof q.svrId !== 'string' ||
    !UINT64.test(q.svrId) ||
    BigInt(q.svrId) > 18446744073709551615n ||
    (q.title !== undefined && typeof q.title !== 'string') ||
    (q.text !== undefined && typeof q.text !== 'string')
  ) {
    throw new WeixinInvalidContentError(M.invalidQuote());
  }
  const ref: NonNullable<MessageItem['ref_msg']> = { svr_id: q.svrId };
  if (q.title !== undefined) ref.title = q.title;
  if (q.text !== undefined) {
    ref.message_item = { type: MessageItemType.Text, text_item: { text: q.text } };
  }
  return ref;
}

/**
 * The item of one progress step (protocol §9.5): a start item (type 11, `is_completed: false`)
 * without `status`, else a result item (type 12, `is_completed: true`).
 * @throws WeixinInvalidContentError for a malformed step
 */
export function progressItemOf(step: ProgressStep, now = Date.now()): MessageItem {
  const s = (typeof step === 'object' && step !== null ? step : {}) as Partial<ProgressStep>;
  if (
    !isText(s.tool, 1, 256) ||
    !isText(s.callId, 1, 128) ||
    (s.status !== undefined && !PROGRESS_STATUSES.has(s.status)) ||
    s.tool.includes('\u0000') ||
    s.callId.includes('\u0000')
  ) {
    throw new WeixinInvalidContentError(M.invalidProgress());
  }
  if (s.status === undefined) {
    return {
      type: MessageItemType.ToolCallStart,
      create_time_ms: now,
      is_completed: false,
      tool_call_start_item: { tool_name: s.tool, tool_call_id: s.callId },
    };
  }
  return {
    type: MessageItemType.ToolCallResult,
    create_time_ms: now,
    is_completed: true,
    tool_call_result_item: { tool_name: s.tool, tool_call_id: s.callId, status: s.status },
  };
}

/** The one message a progress step goes out as. */
export function planProgress(step: ProgressStep): PlannedMessage {
  return { kind: 'progress', item: progressItemOf(step), part: 1, parts: 1 };
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
    const quote = typeof content === 'string' ? undefined : (content as { quote?: unknown }).quote;
    const ref = quote === undefined ? undefined : refMessageOf(quote as OutboundQuote);
    const messages = textParts(text, o);
    if (messages.length === 0) throw new WeixinInvalidContentError(M.emptyText());
    // The quote rides on the first part (the delivery's item holds it; the sender adds the text).
    if (ref) messages[0] = { ...messages[0]!, item: { ref_msg: ref } };
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
