import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinStore, type InboxRow } from '../persistence/index.js';
import { KeyedSerialExecutor } from '../handlers/keyed-serial.executor.js';
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
import { abortableSleep } from '../polling/abortable-sleep.js';
import { describeError } from '../polling/poll-errors.js';
import { DoneBatcher } from './done-batcher.js';
import { InboxTransactor } from './inbox-transactor.js';
import { TypingService } from '../typing/typing.service.js';
import { MediaService } from '../media/media.service.js';
import { WeixinMessageService } from '../outbound/weixin-message.service.js';
import { WeixinAlreadyHandledError } from './weixin-already-handled.error.js';
import { REPLY_SENDER, type InboxReplySender } from './inbox-reply-sender.js';

/**
 * Runs handlers for stored inbox rows: one user's messages strictly in order, different users
 * concurrently up to `dispatch.concurrency`. A row is marked done only after its handlers and
 * replies finished; a failing row is retried with back-off (the user's next messages wait), then
 * dead-lettered with `weixin.message.failed`. Rows of an account this replica gave up (lease
 * lost, shutdown) are not started here; they stay pending for the account's next owner.
 */
@Injectable()
export class InboxDispatcher {
  private readonly logger = new Logger(InboxDispatcher.name);
  private readonly executor: KeyedSerialExecutor;
  private readonly inFlight = new Set<string>();
  private readonly pending = new Map<string, number>();
  private readonly running = new Map<string, number>();
  private readonly abandoned = new Set<string>();
  private readonly roomWaiters = new Map<string, Set<() => void>>();
  private readonly done: DoneBatcher;
  private stopping = new AbortController();

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly registry: WeixinHandlerRegistry,
    private readonly events: EventEmitter2,
    @Inject(REPLY_SENDER) private readonly replies: InboxReplySender,
    @Inject(InboxTransactor) private readonly transactor: InboxTransactor,
    @Inject(TypingService) private readonly typing: TypingService,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(WeixinMessageService) private readonly messages: WeixinMessageService,
  ) {
    this.executor = new KeyedSerialExecutor(options.dispatch.concurrency);
    this.done = new DoneBatcher(async (ids) => void (await this.store.markDone(ids)));
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
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
  }

  /** This replica polls `accountId` (again): its rows may start here. */
  resume(accountId: string): void {
    this.abandoned.delete(accountId);
  }

  /**
   * This replica gave `accountId` up: its queued rows do not start here (they stay pending for
   * the next owner); handlers already running finish.
   */
  abandon(accountId: string): void {
    this.abandoned.add(accountId);
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
      if (this.inFlight.has(row.id)) continue;
      queued += 1;
      this.inFlight.add(row.id);
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
        .run(`${accountId}\u0000${row.userId}`, () => this.start(row, recheck))
        .catch((err: unknown) =>
          this.logger.error(`inbox row ${row.id} was not processed: ${describeError(err)}`),
        )
        .finally(() => this.release(accountId, row.id));
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

  private release(accountId: string, rowId: string): void {
    this.inFlight.delete(rowId);
    const left = this.pendingCount(accountId) - 1;
    if (left > 0) this.pending.set(accountId, left);
    else this.pending.delete(accountId);
    this.wakeRoomWaiters(accountId);
  }

  private wakeRoomWaiters(accountId: string): void {
    for (const wake of [...(this.roomWaiters.get(accountId) ?? [])]) wake();
  }

  /** Runs a row unless it must not start here; counts it as running meanwhile. */
  private async start(row: InboxRow, recheck: boolean): Promise<void> {
    if (this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
    this.running.set(row.accountId, (this.running.get(row.accountId) ?? 0) + 1);
    try {
      if (recheck && !(await this.store.isPending(row.id))) return;
      // Given up while the check ran: the row stays pending for the account's next owner.
      if (this.abandoned.has(row.accountId) || this.stopping.signal.aborted) return;
      await this.process(row);
    } finally {
      const left = (this.running.get(row.accountId) ?? 1) - 1;
      if (left > 0) this.running.set(row.accountId, left);
      else this.running.delete(row.accountId);
    }
  }

  private async process(row: InboxRow): Promise<void> {
    const { maxAttempts, retryDelayMs } = this.options.dispatch;
    for (let attempt = row.attempts + 1; ; attempt++) {
      const ctx = new WeixinMessageContext(
        {
          accountId: row.accountId,
          inboxId: row.id,
          message: row.payload,
          attempt,
          messageId: row.messageId,
          transactor: this.transactor,
          downloader: this.media,
        },
        this.replies,
      );
      const handlers = this.registry.match(ctx);
      if (attempt === row.attempts + 1) await this.flushOutbox(row);
      let failure: unknown;
      try {
        for (const handler of handlers) {
          const value = await this.typing
            .aroundHandler(ctx, handler, () => handler.invoke(ctx))
            .catch((err: unknown) => {
              if (isWeixinGuardDenial(err)) return undefined;
              throw err;
            });
          for (const reply of replyFromReturnValue(value)) await this.replies.send(ctx, reply);
        }
      } catch (err) {
        failure = err;
      }
      if (failure === undefined) {
        // Acknowledging is retried on its own: a failed write never re-runs the handlers.
        if (!ctx.committed) await this.persistently('acknowledge', () => this.done.add(row.id));
        const handled: WeixinMessageHandledEvent = {
          accountId: row.accountId,
          inboxId: row.id,
          messageId: row.messageId,
          from: row.userId,
          handlers: handlers.map((h) => h.name),
        };
        this.events.emit(WeixinEvents.MessageHandled, handled);
        return;
      }
      const error = describeError(failure);
      if (ctx.committed || failure instanceof WeixinAlreadyHandledError) {
        this.logger.warn(
          `message ${row.id} is handled (its transaction committed); not retried: ${error}`,
        );
        return;
      }
      const attempts = await this.persistently('record a failure', () =>
        this.store.recordFailure(row.id, error),
      );
      if (attempts >= maxAttempts) {
        await this.persistently('dead-letter', () => this.store.markDead(row.id, error));
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
