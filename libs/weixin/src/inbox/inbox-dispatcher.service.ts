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
 * dead-lettered with `weixin.message.failed`.
 */
@Injectable()
export class InboxDispatcher {
  private readonly logger = new Logger(InboxDispatcher.name);
  private readonly executor: KeyedSerialExecutor;
  private readonly inFlight = new Set<string>();
  private readonly pending = new Map<string, number>();
  private readonly roomWaiters = new Map<string, Set<() => void>>();
  private readonly done: DoneBatcher;

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

  /** Queues stored rows (in id order) that are not queued here yet; answers how many it queued. */
  dispatch(accountId: string, rows: InboxRow[]): number {
    let queued = 0;
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue;
      queued += 1;
      this.inFlight.add(row.id);
      this.pending.set(accountId, this.pendingCount(accountId) + 1);
      const received: WeixinMessageReceivedEvent = {
        accountId,
        inboxId: row.id,
        messageId: row.messageId,
        from: row.userId,
        message: row.payload,
      };
      this.events.emit(WeixinEvents.MessageReceived, received);
      void this.executor
        .run(`${accountId}\u0000${row.userId}`, () => this.process(row))
        .catch((err: unknown) =>
          this.logger.error(`inbox row ${row.id} was not processed: ${describeError(err)}`),
        )
        .finally(() => this.release(accountId, row.id));
    }
    return queued;
  }

  /** Queues every row of `accountId` that is not done (after a restart or a lease takeover). */
  async replay(accountId: string): Promise<void> {
    let afterId: string | undefined;
    for (;;) {
      const rows = await this.store.pendingInbox(accountId, 500, afterId);
      if (rows.length === 0) return;
      const queued = this.dispatch(accountId, rows);
      if (queued > 0) this.logger.log(`replaying ${queued} unfinished messages of ${accountId}`);
      afterId = rows[rows.length - 1]!.id;
    }
  }

  /** Resolves when fewer than `max` rows of `accountId` wait here, or `signal` aborts. */
  async waitForRoom(accountId: string, max: number, signal: AbortSignal): Promise<void> {
    while (this.pendingCount(accountId) >= max && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const waiters = this.roomWaiters.get(accountId) ?? new Set();
        this.roomWaiters.set(accountId, waiters);
        const wake = (): void => {
          waiters.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Waits up to `timeoutMs` for running handlers, then writes pending acknowledgements. */
  async drain(timeoutMs: number): Promise<boolean> {
    const finished = await this.executor.drain(timeoutMs);
    await this.done
      .flush()
      .catch((err: unknown) =>
        this.logger.warn(`could not acknowledge handled messages: ${describeError(err)}`),
      );
    if (!finished) this.logger.warn(`handlers still running after ${timeoutMs} ms of shutdown`);
    return finished;
  }

  /** Sends what waits in the user's outbox first, in order, leaving room for the handler's reply. */
  private async flushOutbox(row: InboxRow): Promise<void> {
    try {
      await this.messages.flushOutbox(row.accountId, row.userId);
    } catch (err) {
      this.logger.warn(`outbox flush before message ${row.id} failed: ${describeError(err)}`);
    }
  }

  private release(accountId: string, rowId: string): void {
    this.inFlight.delete(rowId);
    const left = this.pendingCount(accountId) - 1;
    if (left > 0) this.pending.set(accountId, left);
    else this.pending.delete(accountId);
    for (const wake of [...(this.roomWaiters.get(accountId) ?? [])]) wake();
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
        if (!ctx.committed) await this.done.add(row.id);
        const handled: WeixinMessageHandledEvent = {
          accountId: row.accountId,
          inboxId: row.id,
          messageId: row.messageId,
          from: row.userId,
          handlers: handlers.map((h) => h.name),
        };
        this.events.emit(WeixinEvents.MessageHandled, handled);
        return;
      } catch (err) {
        const error = describeError(err);
        if (ctx.committed || err instanceof WeixinAlreadyHandledError) {
          this.logger.warn(
            `message ${row.id} is handled (its transaction committed); not retried: ${error}`,
          );
          return;
        }
        const attempts = await this.store.recordFailure(row.id, error);
        if (attempts >= maxAttempts) {
          await this.store.markDead(row.id, error);
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
        await abortableSleep(retryDelayMs * 2 ** (attempts - 1));
      }
    }
  }
}
