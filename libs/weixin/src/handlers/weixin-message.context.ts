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
import type { EntityManager } from 'typeorm';
import { WeixinHandlerError } from './weixin-handler.error.js';
import { NO_TRANSACTOR, TRANSACTION_TWICE } from './handlers.messages.js';
import type { WeixinDownloadOptions, WeixinDownloadResult } from '../media/media.types.js';
import { MediaMessages } from '../media/media.messages.js';
import type { WeixinMediaDownloader } from '../media/media-download.port.js';

/** Runs a handler's database work atomically with marking its inbox row done. */
export interface WeixinMessageTransactor {
  run<T>(inboxId: string, work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

export type { WeixinMediaDownloader } from '../media/media-download.port.js';

/** Sends replies for `WeixinMessageContext.reply()`; the dispatcher passes one in. */
export interface WeixinReplySender {
  /** Sends `content` to the sender of the message of `ctx`, on the account it arrived on. */
  send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void>;
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
  /**
   * The message id the inbox stored.
   * @default the id read from `message` (protocol §9.8)
   */
  messageId?: string;
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
  #committed = false;

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
    const quote = readMessageQuote(items);
    if (quote) this.quote = quote;
    this.createTime =
      message.create_time_ms === undefined ? undefined : new Date(message.create_time_ms);
    if (message.context_token !== undefined) this.contextToken = message.context_token;
    this.raw = message;
    this.attempt = init.attempt;
    this.#sender = sender;
    this.#transactor = init.transactor;
    this.#downloader = init.downloader;
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
    return this.#sender.send(this, content);
  }

  /**
   * Downloads this message's media: the first downloadable item (image > video > file > voice,
   * protocol §9.10) or else the quoted media, decrypted, as a buffer (default), a stream or a
   * file; SILK voice comes back as WAV. See `MediaService.download`.
   */
  download<O extends WeixinDownloadOptions | undefined = undefined>(
    options?: O,
  ): Promise<WeixinDownloadResult<O>> {
    if (!this.#downloader) {
      return Promise.reject(
        new WeixinHandlerError(MediaMessages.noDownloader(), 'WEIXIN_INVALID_ARGUMENT'),
      );
    }
    return this.#downloader.download(this.accountId, this.raw, options);
  }
}
