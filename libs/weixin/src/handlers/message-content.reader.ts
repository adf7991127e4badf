import type { WeixinItemKind } from '../interfaces/weixin-message-filter.interface.js';
import { MessageItemType, type MessageItem, type WeixinMessage } from '../protocol/index.js';
import { KIND_BY_ITEM_TYPE } from './handlers.constants.js';
import type { WeixinQuote } from './weixin-quote.interface.js';

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
  if (!ref) return undefined;
  const quote: WeixinQuote = {};
  const svrId = ref.svr_id || ref.message_item?.msg_id;
  if (svrId) quote.svrId = svrId;
  if (ref.title !== undefined) quote.title = ref.title;
  const text = itemText(ref.message_item);
  if (text !== undefined) quote.text = text;
  if (ref.message_item) quote.item = ref.message_item;
  return quote;
}

/** The message id (protocol §9.8): `message_id`, else the first non-empty item `msg_id`, else `''`. */
export function readMessageId(message: WeixinMessage): string {
  if (message.message_id) return message.message_id;
  return message.item_list?.find((item) => item.msg_id)?.msg_id ?? '';
}
