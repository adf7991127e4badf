import type { WeixinItemKind } from '../interfaces/weixin-message-filter.interface.js';
import { MessageItemType, type MessageItem, type WeixinMessage } from '../protocol/index.js';
import { KIND_BY_ITEM_TYPE } from '../declarations/declarations.constants.js';
import { locatePartialText, readPartialText } from './partial-quote.resolver.js';
import type { WeixinQuote, WeixinQuoteSource } from './weixin-quote.interface.js';

/** Text of one item: a text item's text, a voice item's transcript, else `undefined`. */
function itemText(item: MessageItem | undefined): string | undefined {
  if (item?.type === MessageItemType.Text) return item.text_item?.text;
  if (item?.type === MessageItemType.Voice) return item.voice_item?.text || undefined;
  return undefined;
}

/** The body text (protocol §9.10): first text item's text, else a voice transcript, else `''`. */
export function readMessageText(items: readonly MessageItem[]): string {
  const text = items.find((item) => item.type === MessageItemType.Text && item.text_item);
  if (text) return text.text_item?.text ?? '';
  for (const item of items) {
    if (item.type === MessageItemType.Voice && item.voice_item?.text) return item.voice_item.text;
  }
  return '';
}

/** The distinct content kinds of the items, in item order. */
export function readMessageKinds(items: readonly MessageItem[]): WeixinItemKind[] {
  const kinds = new Set<WeixinItemKind>();
  for (const item of items) {
    const kind = item.type === undefined ? undefined : KIND_BY_ITEM_TYPE.get(item.type);
    if (kind) kinds.add(kind);
  }
  return [...kinds];
}

/** The quote carried by the first item with `ref_msg` (protocol §9.6), if any. */
export function readMessageQuote(items: readonly MessageItem[]): WeixinQuote | undefined {
  const ref = items.find((item) => item.ref_msg)?.ref_msg;
  if (!ref || typeof ref !== 'object') return undefined;
  const quote: WeixinQuote = {};
  const svrId = ref.svr_id || ref.message_item?.msg_id;
  if (typeof svrId === 'string' && svrId !== '') quote.svrId = svrId;
  if (typeof ref.title === 'string') quote.title = ref.title;
  const item =
    typeof ref.message_item === 'object' && ref.message_item ? ref.message_item : undefined;
  const text = itemText(item);
  if (typeof text === 'string') quote.text = text;
  if (item) quote.item = item;
  if (typeof ref.partial_text === 'object' && ref.partial_text !== null) {
    quote.partial = readPartialText(ref.partial_text);
  }
  return withPartialText(quote);
}

/** Whether a wire quote lacks the quoted content (an id-only quote), so it is worth a look-up. */
export function quoteNeedsLookup(quote: WeixinQuote | undefined): quote is WeixinQuote & {
  svrId: string;
} {
  return quote?.svrId !== undefined && quote.text === undefined && !hasMedia(quote.item);
}

/** A quote completed with the content of the quoted message found in `source`. */
export function completeQuote(
  quote: WeixinQuote,
  found: { source: WeixinQuoteSource; text?: string; item?: MessageItem; message?: WeixinMessage },
): WeixinQuote {
  const done: WeixinQuote = { ...quote, resolvedFrom: found.source };
  if (done.text === undefined && found.text !== undefined) done.text = found.text;
  if (!hasMedia(done.item) && found.item) done.item = found.item;
  if (found.message) done.message = found.message;
  if (done.partial) done.partial = { ...done.partial };
  return withPartialText(done);
}

/** The quoted message's content item: its first media item (§9.10 order), else its first item. */
export function quotedItemOf(items: readonly MessageItem[]): MessageItem | undefined {
  for (const type of MEDIA_PRIORITY) {
    const media = items.find((item) => item.type === type);
    if (media) return media;
  }
  return items[0];
}

const MEDIA_PRIORITY = [
  MessageItemType.Image,
  MessageItemType.Video,
  MessageItemType.File,
  MessageItemType.Voice,
];

function hasMedia(item: MessageItem | undefined): boolean {
  return item?.type !== undefined && MEDIA_PRIORITY.includes(item.type);
}

/** Locates the selected part of the quote's text, when it quotes a part and the text is known. */
function withPartialText(quote: WeixinQuote): WeixinQuote {
  if (quote.partial && quote.text !== undefined && quote.partial.text === undefined) {
    const selected = locatePartialText(quote.text, quote.partial);
    if (selected !== undefined) quote.partial.text = selected;
  }
  return quote;
}

/** The message id (protocol §9.8): `message_id`, else the first non-empty item `msg_id`, else `''`. */
export function readMessageId(message: WeixinMessage): string {
  if (message.message_id) return message.message_id;
  return message.item_list?.find((item) => item.msg_id)?.msg_id ?? '';
}
