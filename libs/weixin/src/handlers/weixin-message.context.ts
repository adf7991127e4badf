import type { WeixinItemKind } from '../interfaces/weixin-message-filter.interface.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import type { MessageItem, WeixinMessage } from '../protocol/index.js';
import {
  readMessageId,
  readMessageKinds,
  readMessageQuote,
  readMessageText,
} from './message-content.reader.js';
import type { WeixinQuote } from './weixin-quote.interface.js';
import type { WeixinProgressUpdate } from './weixin-progress-sender.interface.js';
import { ProgressSteps } from './progress-steps.tracker.js';
import type { DeliveryRecord, ProgressStep } from '../interfaces/outbound.types.js';
import type { EntityManager } from 'typeorm';
import type { WeixinMessageTransactor } from './weixin-message-transactor.interface.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import {
  NO_PROGRESS_SENDER,
  NO_QUOTED_ITEM,
  NO_TRANSACTOR,
  TRANSACTION_TWICE,
} from './handlers.messages.js';
import type { WeixinDownloadOptions, WeixinDownloadResult } from '../interfaces/media.types.js';
import { MediaMessages } from '../media/media.messages.js';
import { quoteExplicit } from './weixin-reply.mapper.js';
import type { WeixinCommandInvocation } from '../commands/weixin-command-options.interface.js';
import { WeixinConversation } from '../conversations/weixin-conversation.model.js';
import type { WeixinMediaDownloader } from '../media/media-download.port.js';

export type { WeixinMediaDownloader } from '../media/media-download.port.js';

/** Sends replies for `WeixinMessageContext.reply()`; the dispatcher passes one in. */
export interface WeixinReplySender {
  /** Sends `content` to the sender of the message of `ctx`, on the account it arrived on. */
  send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void>;
}

/** Sends progress items for `WeixinMessageContext.progress()`; the dispatcher passes one in. */
export interface WeixinProgressSender {
  /**
   * Sends `step` now to the sender of the message of `ctx` as its `n`-th progress item
   * (1-based; the number makes it idempotent across runs of the message). Answers its record.
   */
  sendProgress(ctx: WeixinMessageContext, step: ProgressStep, n: number): Promise<DeliveryRecord>;
}

/** What a `WeixinMessageContext` is built from: one inbox row. */
export interface WeixinMessageContextInit {
  /** The bot account the message arrived on. */
  accountId: string;
  /** Id of the inbox row that holds the message. */
  inboxId: string;
  /** The message as received, uint64 ids as decimal strings. */
  message: WeixinMessage;
  /** Delivery attempt of this row, 1 for the first. */
  attempt: number;
  /** Commits handler work with the inbox row's done mark (`ctx.transaction`). */
  transactor?: WeixinMessageTransactor;
  /** Downloads the message's media (`ctx.download`). */
  downloader?: WeixinMediaDownloader;
  /** Sends progress items at once (`ctx.progress`, `ctx.step`). */
  progress?: WeixinProgressSender;
  /**
   * The message id the inbox stored.
   * @default the id read from `message` (protocol §9.8)
   */
  messageId?: string;
  /**
   * The message's quote, completed from the store (an id-only quote).
   * @default the quote read from `message` (protocol §9.6)
   */
  quote?: WeixinQuote | undefined;
  /**
   * The sender's conversation state, read by the inbox dispatcher; its changes are committed with
   * the message's done mark.
   * @default a conversation with no wizard, which refuses changes
   */
  conversation?: WeixinConversation;
}

let assignCommand: (ctx: WeixinMessageContext, command: WeixinCommandInvocation) => void;

/** Sets `ctx.command` before a command handler runs (the dispatcher's, not a public API). */
export function setMessageCommand(
  ctx: WeixinMessageContext,
  command: WeixinCommandInvocation,
): void {
  assignCommand(ctx, command);
}

/**
 * One inbound message as an `@OnWeixinMessage` handler receives it.
 *
 * A handler either returns its reply (string, `{ text }`, array of them) or calls {@link reply}.
 */
export class WeixinMessageContext {
  /** The bot account the message arrived on. */
  readonly accountId: string;
  /** Server message id, a uint64 as an exact decimal string. */
  readonly messageId: string;
  /** Id of the inbox row that holds the message. */
  readonly inboxId: string;
  /** Sender user id (`…@im.wechat`). */
  readonly from: string;
  /** Body text: the first text item's text, else the voice transcript, else `''`. */
  readonly text: string;
  /** The content items as they came on the wire. */
  readonly items: readonly MessageItem[];
  /** The distinct content kinds present, in item order. */
  readonly kinds: readonly WeixinItemKind[];
  /**
   * The group the message was sent in (`group_id`), when the server said; iLink bots are 1:1
   * in practice (protocol §9.9) and group messages reach handlers only with
   * `polling.groupMessages: 'deliver'`.
   */
  readonly groupId?: string;
  /** The quoted message, when the user quoted one. */
  readonly quote?: WeixinQuote;
  /** When the user sent the message (`create_time_ms`), if the server said. */
  readonly createTime: Date | undefined;
  /** The reply context token issued with this message, echoed by replies. */
  readonly contextToken?: string;
  /** The message as received. */
  readonly raw: WeixinMessage;
  /** Delivery attempt, 1 for the first; greater after a failure or a restart. */
  readonly attempt: number;

  readonly #sender: WeixinReplySender;
  readonly #transactor?: WeixinMessageTransactor;
  readonly #downloader?: WeixinMediaDownloader;
  readonly #progress?: WeixinProgressSender;
  /** Made at the first progress item (most messages send none). */
  #steps?: ProgressSteps;
  readonly #conversation: WeixinConversation;
  #command?: WeixinCommandInvocation;
  #committed = false;

  static {
    assignCommand = (ctx, command) => {
      ctx.#command = command;
    };
  }

  /**
   * @param init the inbox row
   * @param sender sends what {@link reply} is given
   */
  constructor(init: WeixinMessageContextInit, sender: WeixinReplySender) {
    const { message } = init;
    const items = message.item_list ?? [];
    this.accountId = init.accountId;
    this.messageId = init.messageId ?? readMessageId(message);
    this.inboxId = init.inboxId;
    this.from = message.from_user_id ?? '';
    this.text = readMessageText(items);
    this.items = items;
    this.kinds = readMessageKinds(items);
    if (message.group_id) this.groupId = message.group_id;
    const quote = init.quote ?? readMessageQuote(items);
    if (quote) this.quote = quote;
    this.createTime =
      message.create_time_ms === undefined ? undefined : new Date(message.create_time_ms);
    if (message.context_token !== undefined) this.contextToken = message.context_token;
    this.raw = message;
    this.attempt = init.attempt;
    this.#sender = sender;
    this.#transactor = init.transactor;
    this.#downloader = init.downloader;
    this.#progress = init.progress;
    this.#conversation = init.conversation ?? WeixinConversation.detached();
  }

  /**
   * The command this message invokes, with its parsed arguments, in an `@OnWeixinCommand`
   * handler; `undefined` in other handlers.
   */
  get command(): WeixinCommandInvocation | undefined {
    return this.#command;
  }

  /**
   * The sender's conversation (wizard) state: which wizard and step the user is in, its state,
   * and `enter`/`next`/`goTo`/`leave` to move. Changes are committed together with this
   * message's done mark (and `transaction()` work), so a crash never keeps one without the other.
   */
  get conversation(): WeixinConversation {
    return this.#conversation;
  }

  /**
   * Runs `work` in one database transaction that also marks this message handled, so its effects
   * happen exactly once: the transaction commits when the handler returns, together with the
   * handler's replies (recorded as deliveries, then sent); if the handler throws, or the process
   * dies before the commit, nothing of it stays and the message is handled again. Once committed,
   * the message is never handed to a handler again. Call it once per message.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.#transactor) throw new WeixinHandlerError(NO_TRANSACTOR(), 'WEIXIN_INVALID_ARGUMENT');
    if (this.#committed) {
      throw new WeixinHandlerError(TRANSACTION_TWICE(this.inboxId), 'WEIXIN_INVALID_ARGUMENT');
    }
    const result = await this.#transactor.run(this.inboxId, work);
    this.#committed = true;
    return result;
  }

  /** Whether `transaction()` ran its work (it commits when the handler returns). */
  get committed(): boolean {
    return this.#committed;
  }

  /**
   * Replies to the sender of this message through the `WeixinReplySender` given at construction.
   * In a handler run by the inbox dispatcher the reply is recorded with the handler's outcome (in
   * the transaction that marks the message handled) and sent right after it, in call order before
   * the returned replies; it resolves once recorded for that transaction.
   */
  reply(content: WeixinReply): Promise<void> {
    return this.#sender.send(this, this.withQuote(content));
  }

  /** `content` with a `quote: true` made explicit: this message's server id and text. */
  withQuote(content: WeixinReply): WeixinReply {
    return quoteExplicit(content, this.messageId, this.text);
  }

  /**
   * Downloads this message's media: the first downloadable item (image > video > file > voice,
   * protocol §9.10) or else the quoted media, decrypted, as a buffer (default), a stream or a
   * file; SILK voice comes back as WAV. See `MediaService.download`.
   */
  download<O extends WeixinDownloadOptions | undefined = undefined>(
    options?: O,
  ): Promise<WeixinDownloadResult<O>> {
    return this.#download(this.raw, options);
  }

  /**
   * Downloads the quoted media (`quote.item`: as the wire carried it, or the message found by the
   * quote's server id), decrypted, like {@link download}.
   */
  downloadQuote<O extends WeixinDownloadOptions | undefined = undefined>(
    options?: O,
  ): Promise<WeixinDownloadResult<O>> {
    return this.#download(this.quote?.item, options);
  }

  /** Downloads `target`; rejects without a downloader, then without a target (a quote's item). */
  #download<O extends WeixinDownloadOptions | undefined>(
    target: WeixinMessage | MessageItem | undefined,
    options?: O,
  ): Promise<WeixinDownloadResult<O>> {
    if (!this.#downloader) {
      return Promise.reject(
        new WeixinHandlerError(MediaMessages.noDownloader(), 'WEIXIN_INVALID_ARGUMENT'),
      );
    }
    if (!target) {
      return Promise.reject(new WeixinHandlerError(NO_QUOTED_ITEM(), 'WEIXIN_INVALID_ARGUMENT'));
    }
    return this.#downloader.download(this.accountId, target, options);
  }

  /**
   * Shows the user a progress item now, while the handler runs (protocol §9.5, as the official
   * client's `replyProgressMessages` does): without `status` a "working on `tool`" start, with
   * one its result. Each item is one bot message and uses one reply of the quota; it never uses
   * the last `send.progressReserve` replies (kept for the answer) and never waits in the outbox —
   * an item that cannot go out now is recorded `rejected` and the handler goes on. Items are
   * numbered per message, so a run of the message after a failure does not send them again.
   * Answers the item's delivery record.
   */
  async progress(update: WeixinProgressUpdate): Promise<DeliveryRecord> {
    if (!this.#progress)
      throw new WeixinHandlerError(NO_PROGRESS_SENDER(), 'WEIXIN_INVALID_ARGUMENT');
    const { n, step } = (this.#steps ??= new ProgressSteps(this.inboxId)).next(update);
    return this.#progress.sendProgress(this, step, n);
  }

  /**
   * Runs `work` between a start and a result progress item for `tool`: `completed` when it
   * resolves, `failed` when it throws (the error is thrown on). See {@link progress}.
   */
  async step<T>(tool: string, work: () => T | Promise<T>): Promise<T> {
    const callId = (this.#steps ??= new ProgressSteps(this.inboxId)).nextCallId();
    await this.progress({ tool, callId });
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await this.progress({ tool, callId, status: 'failed' }).catch(() => undefined);
      throw err;
    }
    await this.progress({ tool, callId, status: 'completed' });
    return result;
  }
}
