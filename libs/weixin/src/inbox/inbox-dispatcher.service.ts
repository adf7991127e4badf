import { setMaxListeners } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinStore, type InboxRow, type LeaseFence } from '../persistence/index.js';
import { KeyedSerialExecutor } from './keyed-serial.executor.js';
import { WeixinHandlerRegistry } from '../handlers/weixin-handler.registry.js';
import { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import { replyFromReturnValue } from '../handlers/weixin-reply.mapper.js';
import { isWeixinGuardDenial } from '../handlers/guard-denial.util.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  WeixinEvents,
  type WeixinMessageFailedEvent,
  type WeixinMessageHandledEvent,
  type WeixinMessageReceivedEvent,
} from '../weixin.events.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { describeError } from '../errors/describe-error.js';
import { DoneBatcher } from './done-batcher.js';
import { isTransientDbError } from '../persistence/transient-db-error.js';
import { TypingService } from '../typing/typing.service.js';
import { MediaService } from '../media/media.service.js';
import { WeixinMessageService } from '../outbound/weixin-message.service.js';
import { WeixinAlreadyHandledError } from './weixin-already-handled.error.js';
import { ReplyOutbox } from '../outbound/ledger/reply.outbox.js';
import { LedgerReplySender } from '../outbound/ledger-reply.sender.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import type { DataSource } from 'typeorm';
import { InboxFencedError } from './inbox-fenced.error.js';
import { RowOutcome, type RowCommit, type RowOutcomeDeps } from './row-outcome.js';
import { QuoteResolver } from './quote.resolver.js';
import { ConversationStore } from '../conversations/conversation.store.js';
import { WeixinConversation } from '../conversations/weixin-conversation.model.js';

/**
 * Runs handlers for stored inbox rows: one user's messages strictly in order, different users
 * concurrently up to `dispatch.concurrency`. When the handlers finished, the row's done mark, the
 * handler's `ctx.transaction` work and its replies are committed in one transaction (the replies
 * as queued deliveries: a transactional outbox), then the replies are sent; a failing row is
 * retried with back-off (the user's next messages wait), then dead-lettered with
 * `weixin.message.failed`. Every write of a row is fenced by the account's lease at the epoch the
 * row was started under. Rows of an account this replica gave up (lease lost, shutdown) are not
 * started here; they stay pending for the account's next owner.
 */
@Injectable()
export class InboxDispatcher {
  private readonly logger = new Logger(InboxDispatcher.name);
  private readonly executor: KeyedSerialExecutor;
  /** Rows queued or running here, with the generation of their account they were queued in. */
  private readonly inFlight = new Map<string, number>();
  /** Counts the times each account was resumed here; rows of an earlier one do not start. */
  private readonly generations = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private readonly running = new Map<string, number>();
  private readonly abandoned = new Set<string>();
  private readonly fences = new Map<string, LeaseFence>();
  private readonly roomWaiters = new Map<string, Set<() => void>>();
  private readonly done: DoneBatcher;
  private stopping = unboundedController();

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly registry: WeixinHandlerRegistry,
    private readonly events: EventEmitter2,
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ReplyOutbox) private readonly replies: ReplyOutbox,
    @Inject(LedgerReplySender) private readonly lateReplies: LedgerReplySender,
    @Inject(TypingService) private readonly typing: TypingService,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(WeixinMessageService) private readonly messages: WeixinMessageService,
    @Inject(QuoteResolver) private readonly quotes: QuoteResolver,
    @Inject(ConversationStore) private readonly conversations: ConversationStore,
  ) {
    this.executor = new KeyedSerialExecutor(options.dispatch.concurrency);
    this.done = new DoneBatcher((marks) => this.store.markDone(this.owner, marks));
  }

  private get owner(): string {
    return this.options.leases.replicaId;
  }

  /** Rows of `accountId` queued or running in this process. */
  pendingCount(accountId: string): number {
    return this.pending.get(accountId) ?? 0;
  }

  /** Accounts with a handler running here now. */
  busyAccounts(): string[] {
    return [...this.running.keys()];
  }

  /** Accepts work again after `drain()` (a restart of polling). */
  open(): void {
    if (this.stopping.signal.aborted) this.stopping = unboundedController();
  }

  /**
   * This replica polls `accountId` (again) under the lease `epoch`: its rows may start here, and
   * their writes are fenced by that epoch.
   */
  resume(accountId: string, epoch: string): void {
    this.abandoned.delete(accountId);
    this.fences.set(accountId, { owner: this.owner, epoch });
    this.generations.set(accountId, (this.generations.get(accountId) ?? 0) + 1);
  }

  /**
   * Sends the replies of `accountId` that were recorded but not sent (a crash or a database error
   * after their commit), retrying while the database is unreachable; stops when the account is
   * given up here.
   */
  async resendReplies(accountId: string): Promise<void> {
    try {
      await this.persistently('send recorded replies', async () => {
        if (this.abandoned.has(accountId)) return;
        await this.replies.resend(accountId);
      });
    } catch (err) {
      this.logger.warn(`recorded replies of ${accountId} not sent: ${describeError(err)}`);
    }
  }

  /**
   * This replica gave `accountId` up: its queued rows do not start here (they stay pending for
   * the next owner); handlers already running finish.
   */
  abandon(accountId: string): void {
    this.abandoned.add(accountId);
    this.fences.delete(accountId);
    this.wakeRoomWaiters(accountId);
  }

  /**
   * Queues stored rows (in id order) that are not queued here yet; answers how many it queued.
   * `recheck`: the rows were read from the database (replay), so each is checked to still be
   * pending right before its handlers run — it may have been finished in between.
   */
  dispatch(accountId: string, rows: InboxRow[], recheck = false): number {
    if (this.abandoned.has(accountId) || this.stopping.signal.aborted) return 0;
    let queued = 0;
    for (const row of rows) {
      const generation = this.generations.get(accountId) ?? 0;
      if (this.inFlight.get(row.id) === generation) continue;
      queued += 1;
      this.inFlight.set(row.id, generation);
      this.pending.set(accountId, this.pendingCount(accountId) + 1);
      if (!recheck) {
        const received: WeixinMessageReceivedEvent = {
          accountId,
          inboxId: row.id,
          messageId: row.messageId,
          from: row.userId,
          message: row.payload,
        };
        this.events.emit(WeixinEvents.MessageReceived, received);
      }
      void this.executor
        .run(`${accountId}\u0000${row.userId}`, () => this.start(row, recheck, generation))
        .catch((err: unknown) =>
          this.logger.error(`inbox row ${row.id} was not processed: ${describeError(err)}`),
        )
        .finally(() => this.release(accountId, row.id, generation));
    }
    return queued;
  }

  /**
   * Queues every row of `accountId` that is not done (after a restart, a lease takeover or a
   * replay of dead letters), page by page, within the account's back-pressure bound.
   */
  async replay(accountId: string, signal?: AbortSignal): Promise<void> {
    let afterId: string | undefined;
    const max = this.options.polling.maxPendingPerAccount;
    for (;;) {
      await this.waitForRoom(accountId, max, signal ?? this.stopping.signal);
      if (signal?.aborted || this.abandoned.has(accountId) || this.stopping.signal.aborted) return;
      const room = Math.max(1, max - this.pendingCount(accountId));
      const rows = await this.store.pendingInbox(accountId, Math.min(500, room), afterId);
      if (rows.length === 0) return;
      const queued = this.dispatch(accountId, rows, true);
      if (queued > 0) this.logger.log(`replaying ${queued} unfinished messages of ${accountId}`);
      afterId = rows[rows.length - 1]!.id;
    }
  }

  /** Resolves when fewer than `max` rows of `accountId` wait here, or `signal` aborts. */
  async waitForRoom(accountId: string, max: number, signal: AbortSignal): Promise<void> {
    while (
      this.pendingCount(accountId) >= max &&
      !signal.aborted &&
      !this.abandoned.has(accountId)
    ) {
      await new Promise<void>((resolve) => {
        const waiters = this.roomWaiters.get(accountId) ?? new Set();
        this.roomWaiters.set(accountId, waiters);
        const wake = (): void => {
          waiters.delete(wake);
          if (waiters.size === 0) this.roomWaiters.delete(accountId);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /**
   * After `abandon(accountId)`: resolves `true` once no handler of `accountId` runs here (every
   * handled row is durably marked done by then; queued rows no longer start), or `false` after
   * `timeoutMs`.
   */
  async settle(accountId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.running.get(accountId) ?? 0) > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const waiters = this.roomWaiters.get(accountId) ?? new Set();
        this.roomWaiters.set(accountId, waiters);
        const wake = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          if (waiters.size === 0) this.roomWaiters.delete(accountId);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
    return true;
  }

  /**
   * Stops starting rows, waits up to `timeoutMs` for running handlers, then writes pending
   * acknowledgements. Answers whether every running handler finished.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping.abort();
    const finished = await this.executor.drain(timeoutMs);
    await this.done
      .flush()
      .catch((err: unknown) =>
        this.logger.warn(`could not acknowledge handled messages: ${describeError(err)}`),
      );
    if (!finished) this.logger.warn(`handlers still running after ${timeoutMs} ms of shutdown`);
    return finished;
  }

  private release(accountId: string, rowId: string, generation: number): void {
    if (this.inFlight.get(rowId) === generation) this.inFlight.delete(rowId);
    const left = this.pendingCount(accountId) - 1;
    if (left > 0) this.pending.set(accountId, left);
    else this.pending.delete(accountId);
    this.wakeRoomWaiters(accountId);
  }

  private wakeRoomWaiters(accountId: string): void {
    for (const wake of [...(this.roomWaiters.get(accountId) ?? [])]) wake();
  }

  /** Runs a row unless it must not start here; counts it as running meanwhile. */
  private async start(row: InboxRow, recheck: boolean, generation: number): Promise<void> {
    const fence = this.fences.get(row.accountId);
    if (!fence || this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
    // Queued before the account was given up and taken again: the replay of the new generation
    // queued it again, in order with the user's other rows.
    if ((this.generations.get(row.accountId) ?? 0) !== generation) return;
    this.running.set(row.accountId, (this.running.get(row.accountId) ?? 0) + 1);
    try {
      // Read persistently: a row skipped on a database error would run after the user's later ones.
      if (
        recheck &&
        !(await this.persistently('read the row', () => this.store.isPending(row.id)))
      ) {
        return;
      }
      // Given up while the check ran: the row stays pending for the account's next owner.
      if (this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
      await this.process(row, fence);
    } finally {
      const left = (this.running.get(row.accountId) ?? 1) - 1;
      if (left > 0) this.running.set(row.accountId, left);
      else this.running.delete(row.accountId);
    }
  }

  private async process(row: InboxRow, fence: LeaseFence): Promise<void> {
    const { maxAttempts, retryDelayMs } = this.options.dispatch;
    let transient = 0;
    // An id-only quote is looked up once per run, persistently: the handler sees what is stored.
    const quote = await this.persistently('look up the quoted message', () =>
      this.quotes.resolve(row.accountId, row.payload),
    );
    for (let attempt = row.attempts + 1; ; attempt++) {
      const conversation = await this.conversationOf(row);
      const outcome = new RowOutcome(this.outcomeDeps, row, fence, conversation);
      const ctx = new WeixinMessageContext(
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
      const handlers = this.registry.match(ctx, conversation);
      if (attempt === row.attempts + 1) await this.flushOutbox(row);
      let failure: unknown;
      let commit: RowCommit | undefined;
      try {
        const returned: WeixinReply[] = [];
        for (const handler of handlers) {
          const value = await this.typing
            .aroundHandler(ctx, handler, () => handler.invoke(ctx))
            .catch((err: unknown) => {
              if (isWeixinGuardDenial(err)) return undefined;
              throw err;
            });
          returned.push(...replyFromReturnValue(value).map((reply) => ctx.withQuote(reply)));
        }
        const records = await outcome.prepare(returned);
        // Committing is retried on its own: a failed write never re-runs the handlers.
        commit = await this.persistently('acknowledge', () => outcome.commit(records));
        if (commit.state === 'unsure') commit = await this.resolveUnsure(row, commit.error);
      } catch (err) {
        failure = err;
      }
      await outcome.rollback();
      if (commit && commit.state !== 'unsure') return this.finish(row, handlers, commit);
      failure ??= commit?.state === 'unsure' ? commit.error : undefined;
      const error = describeError(failure);
      if (failure instanceof WeixinAlreadyHandledError || failure instanceof InboxFencedError) {
        this.logger.warn(`message ${row.id} is not run here again: ${error}`);
        return;
      }
      if (isTransientDbError(failure)) {
        // The database failed under the handler, not the handler: run it again, uncounted.
        transient += 1;
        const delay = Math.min(retryDelayMs * 2 ** Math.min(transient, 16), 5_000);
        this.logger.warn(`message ${row.id} runs again in ${delay} ms: ${error}`);
        await abortableSleep(delay, this.stopping.signal);
        if (this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
        attempt -= 1;
        continue;
      }
      const attempts = await this.persistently('record a failure', () =>
        this.store.recordFailure(row.id, error, fence),
      );
      if (attempts === null) {
        this.logger.warn(
          `failure of message ${row.id} not recorded (no longer pending, or the lease of ` +
            `${row.accountId} is not held at epoch ${fence.epoch}): ${error}`,
        );
        return;
      }
      if (attempts >= maxAttempts) {
        const dead = await this.persistently('dead-letter', () =>
          this.store.markDead(row.id, error, fence),
        );
        if (!dead) return;
        this.logger.error(`message ${row.id} dead-lettered after ${attempts} attempts: ${error}`);
        const failed: WeixinMessageFailedEvent = {
          accountId: row.accountId,
          inboxId: row.id,
          messageId: row.messageId,
          from: row.userId,
          attempts,
          error,
        };
        this.events.emit(WeixinEvents.MessageFailed, failed);
        return;
      }
      this.logger.warn(`handler failed for message ${row.id} (attempt ${attempts}): ${error}`);
      await abortableSleep(retryDelayMs * 2 ** (attempts - 1), this.stopping.signal);
      // Given up here: the row stays pending with its attempts for the next owner.
      if (this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
    }
  }

  /**
   * The sender's conversation as stored now (read only when the app declares wizards; retried
   * while the database is unreachable, holding the user's queue).
   */
  private async conversationOf(row: InboxRow): Promise<WeixinConversation> {
    const stored = this.registry.hasWizards
      ? await this.persistently('read the conversation', () =>
          this.conversations.load(row.accountId, row.userId),
        )
      : undefined;
    return new WeixinConversation({
      stored,
      wizards: this.registry,
      defaultTimeoutMs: this.options.conversations.timeoutMs,
      maxStateBytes: this.options.conversations.maxStateBytes,
    });
  }

  /** After a commit: the handled event, then the replies go out. */
  private async finish(
    row: InboxRow,
    handlers: { name: string }[],
    commit: RowCommit,
  ): Promise<void> {
    if (commit.state === 'fenced') {
      this.logger.warn(
        `message ${row.id} was not marked handled: the lease of ${row.accountId} is no longer ` +
          'held here at its epoch; its current owner handles it',
      );
      return;
    }
    if (commit.state === 'done') {
      const handled: WeixinMessageHandledEvent = {
        accountId: row.accountId,
        inboxId: row.id,
        messageId: row.messageId,
        from: row.userId,
        handlers: handlers.map((h) => h.name),
      };
      this.events.emit(WeixinEvents.MessageHandled, handled);
    }
    // Also for a row found handled, or committed with an unknown set of replies: its recorded
    // replies may not have gone out yet (an empty list sends every queued reply of the user).
    const ids = commit.state === 'done' ? commit.ids : [];
    if (commit.state === 'done' && ids.length === 0 && !commit.unknownReplies) return;
    try {
      await this.replies.send(row.accountId, row.userId, ids, tokenOf(row));
    } catch (err) {
      // The replies are recorded: they go out behind the user's next messages' replies, in order.
      this.logger.warn(`replies to message ${row.id} not sent yet: ${describeError(err)}`);
      void this.persistently('send replies', () =>
        this.replies.send(row.accountId, row.userId, []),
      ).catch(() => undefined);
    }
  }

  /** Whether a handler transaction whose end failed committed: answers by reading the row. */
  private async resolveUnsure(row: InboxRow, error: unknown): Promise<RowCommit> {
    const pending = await this.persistently('read the row', () => this.store.isPending(row.id));
    return pending ? { state: 'unsure', error } : { state: 'done', ids: [], unknownReplies: true };
  }

  private get outcomeDeps(): RowOutcomeDeps {
    return {
      dataSource: this.dataSource,
      replies: this.replies,
      done: this.done,
      sendLate: (ctx, content, n) => this.lateReplies.sendNumbered(ctx, content, n),
      isPending: (id) => this.store.isPending(id),
    };
  }

  /**
   * Retries a bookkeeping write with back-off (0.1 s doubling to 5 s) while the database is
   * unreachable, holding the user's queue so order is kept; gives up only on shutdown, leaving
   * the row pending.
   */
  private async persistently<T>(what: string, write: () => Promise<T>): Promise<T> {
    for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        return await write();
      } catch (err) {
        if (this.stopping.signal.aborted) throw err;
        this.logger.warn(`could not ${what}, retrying in ${delay} ms: ${describeError(err)}`);
        await abortableSleep(delay, this.stopping.signal);
      }
    }
  }

  /** Sends what waits in the user's outbox first, in order, leaving room for the handler's reply. */
  private async flushOutbox(row: InboxRow): Promise<void> {
    try {
      await this.messages.flushOutbox(row.accountId, row.userId);
    } catch (err) {
      this.logger.warn(`outbox flush before message ${row.id} failed: ${describeError(err)}`);
    }
  }
}

/** An abort controller whose signal takes any number of listeners (one per waiting retry). */
function unboundedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** The context token of a stored message, when it has one. */
function tokenOf(row: InboxRow): string | undefined {
  const token = (row.payload as { context_token?: unknown }).context_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
