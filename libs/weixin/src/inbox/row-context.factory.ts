import { Inject, Injectable } from '@nestjs/common';
import { ConversationStore } from '../conversations/conversation.store.js';
import type { StoredConversation } from '../conversations/conversation-write.interface.js';
import { WeixinConversation } from '../conversations/weixin-conversation.model.js';
import type { RegisteredHandler } from '../handlers/registered-handler.interface.js';
import { WeixinHandlerRegistry } from '../handlers/weixin-handler.registry.js';
import { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { WeixinQuote } from '../handlers/weixin-quote.interface.js';
import { MediaService } from '../media/media.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { LedgerReplySender } from '../outbound/ledger-reply.sender.js';
import type { InboxRow } from '../persistence/index.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { QuoteResolver } from './quote.resolver.js';
import type { RowOutcome } from './row-outcome.js';

/** Reads a stored value, retrying while the database is unreachable (see `persistently`). */
export type PersistentRead = <T>(what: string, read: () => Promise<T>) => Promise<T>;

/**
 * What a handler run of an inbox row sees: its completed quote, the sender's conversation, the
 * `WeixinMessageContext` and the handlers that match it.
 */
@Injectable()
export class RowContextFactory {
  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly registry: WeixinHandlerRegistry,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(LedgerReplySender) private readonly lateReplies: LedgerReplySender,
    @Inject(QuoteResolver) private readonly quotes: QuoteResolver,
    @Inject(ConversationStore) private readonly conversations: ConversationStore,
  ) {}

  /**
   * The message's quote; an id-only one completed from what is stored (then a promise: only that
   * case reads the database).
   */
  quoteOf(
    row: InboxRow,
    read: PersistentRead,
  ): WeixinQuote | undefined | Promise<WeixinQuote | undefined> {
    const { quote, lookup } = this.quotes.fromWire(row.payload);
    if (!lookup || !quote) return quote;
    return read('look up the quoted message', () =>
      this.quotes.complete(row.accountId, row.payload, quote),
    );
  }

  /**
   * The sender's conversation as stored now (read only when the app declares wizards, then a
   * promise; retried while the database is unreachable, holding the user's queue).
   */
  conversationOf(
    row: InboxRow,
    read: PersistentRead,
  ): WeixinConversation | Promise<WeixinConversation> {
    if (!this.registry.hasWizards) return this.conversation(undefined);
    return read('read the conversation', () =>
      this.conversations.load(row.accountId, row.userId),
    ).then((stored) => this.conversation(stored));
  }

  private conversation(stored: StoredConversation | undefined): WeixinConversation {
    return new WeixinConversation({
      stored,
      wizards: this.registry,
      defaultTimeoutMs: this.options.conversations.timeoutMs,
      maxStateBytes: this.options.conversations.maxStateBytes,
    });
  }

  /** The context of attempt `attempt` of `row`, whose transactor and reply sender is `outcome`. */
  contextOf(
    row: InboxRow,
    attempt: number,
    outcome: RowOutcome,
    quote: WeixinQuote | undefined,
    conversation: WeixinConversation,
  ): WeixinMessageContext {
    return new WeixinMessageContext(
      {
        accountId: row.accountId,
        inboxId: row.id,
        message: row.payload,
        attempt,
        messageId: row.messageId,
        transactor: outcome,
        downloader: this.media,
        progress: this.lateReplies,
        quote,
        conversation,
      },
      outcome,
    );
  }

  /** The handlers that run for `ctx`: the command, else the wizard step, else the matching ones. */
  handlersFor(ctx: WeixinMessageContext, conversation: WeixinConversation): RegisteredHandler[] {
    return this.registry.match(ctx, conversation);
  }
}
