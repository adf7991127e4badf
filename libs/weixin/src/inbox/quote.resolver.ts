import { Injectable } from '@nestjs/common';
import {
  completeQuote,
  quoteNeedsLookup,
  quotedItemOf,
  readMessageQuote,
  readMessageText,
} from '../handlers/message-content.reader.js';
import type { WeixinQuote } from '../handlers/weixin-quote.interface.js';
import { MessageItemType, type MessageItem, type WeixinMessage } from '../protocol/index.js';
import { QuotedMessageStore, type QuotedMessageRow } from '../persistence/quoted-message.store.js';

/**
 * The quote of an inbound message for its `WeixinMessageContext`: as the wire carries it, and for
 * an id-only quote completed with the quoted message's text and media found by server id — a
 * message of the same user in the inbox, else a message the bot sent that user (protocol §9.6).
 */
@Injectable()
export class QuoteResolver {
  constructor(private readonly store: QuotedMessageStore) {}

  /** The message's quote (`undefined` without one); one indexed look-up for an id-only quote. */
  async resolve(accountId: string, message: WeixinMessage): Promise<WeixinQuote | undefined> {
    const quote = readMessageQuote(message.item_list ?? []);
    if (!quoteNeedsLookup(quote)) return quote;
    return this.complete(accountId, message, quote);
  }

  /**
   * The message's quote as the wire carries it, and whether it is id-only (to be completed with
   * `complete`): no database read, no promise.
   */
  fromWire(message: WeixinMessage): { quote: WeixinQuote | undefined; lookup: boolean } {
    const quote = readMessageQuote(message.item_list ?? []);
    return { quote, lookup: quoteNeedsLookup(quote) };
  }

  /** An id-only `quote` of `message` completed from what is stored (one indexed look-up). */
  async complete(
    accountId: string,
    message: WeixinMessage,
    quote: WeixinQuote,
  ): Promise<WeixinQuote> {
    if (!quoteNeedsLookup(quote)) return quote;
    const found = await this.store.find(accountId, message.from_user_id ?? '', quote.svrId);
    return found ? completeQuote(quote, contentOf(found)) : quote;
  }
}

function contentOf(found: QuotedMessageRow): Parameters<typeof completeQuote>[1] {
  if (found.source === 'inbox') {
    const items = found.payload.item_list ?? [];
    const content: Parameters<typeof completeQuote>[1] = {
      source: 'inbox',
      message: found.payload,
    };
    const text = readMessageText(items);
    if (text !== '') content.text = text;
    const item = quotedItemOf(items);
    if (item) content.item = item;
    return content;
  }
  const content: Parameters<typeof completeQuote>[1] = { source: 'sent' };
  if (found.kind === 'text' && found.text !== null) {
    content.text = found.text;
    const item: MessageItem = { type: MessageItemType.Text, text_item: { text: found.text } };
    content.item = item;
  } else if (found.item) {
    content.item = found.item;
  }
  return content;
}
