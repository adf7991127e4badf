import { setMaxListeners } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinStore, type InboxRow } from '../persistence/index.js';
import { KeyedSerialExecutor } from './keyed-serial.executor.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents, type WeixinMessageReceivedEvent } from '../weixin.events.js';
import { describeError } from '../errors/describe-error.js';
import { ReplyOutbox } from '../outbound/ledger/reply.outbox.js';
import { InboxAccountsState } from './inbox-accounts.state.js';
import { RowOutcomeFactory } from './row-outcome.factory.js';
import { RowProcessor } from './row-processor.service.js';
import type { RowScope } from './row-scope.interface.js';

/**
 * Runs handlers for stored inbox rows: one user's messages strictly in order, different users
 * concurrently up to `dispatch.concurrency`. When the handlers finished, the row's done mark, the
 * handler's `ctx.transaction` work and its replies are committed in one transaction (the replies
 * as queued deliveries: a transactional outbox), then the replies are sent; a failing row is
 * retried with back-off (the user's next messages wait), then dead-lettered with
 * `weixin.message.failed` (`RowProcessor`). Every write of a row is fenced by the account's lease
 * at the epoch the row was started under. Rows of an account this replica gave up (lease lost,
 * shutdown) are not started here; they stay pending for the account's next owner.
 */
@Injectable()
export class InboxDispatcher {
  private readonly logger = new Logger(InboxDispatcher.name);
  private readonly executor: KeyedSerialExecutor;
  private readonly accounts = new InboxAccountsState();
  private readonly scopes = new Map<string, RowScope>();
  /** What a queued row's run let through (it logs its own failures): one handler for all rows. */
  private readonly unexpected = (err: unknown): void =>
    this.logger.error(`an inbox row was not processed: ${describeError(err)}`);
  private stopping = unboundedController();

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly events: EventEmitter2,
    @Inject(ReplyOutbox) private readonly replies: ReplyOutbox,
    private readonly rows: RowProcessor,
    private readonly outcomes: RowOutcomeFactory,
  ) {
    this.executor = new KeyedSerialExecutor(options.dispatch.concurrency);
  }

  /** Rows of `accountId` queued or running in this process. */
  pendingCount(accountId: string): number {
    return this.accounts.pendingCount(accountId);
  }

  /** Accounts with a handler running here now. */
  busyAccounts(): string[] {
    return this.accounts.busyAccounts();
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
    this.accounts.resume(accountId, { owner: this.options.leases.replicaId, epoch });
  }

  /**
   * Sends the replies of `accountId` that were recorded but not sent (a crash or a database error
   * after their commit), retrying while the database is unreachable; stops when the account is
   * given up here.
   */
  async resendReplies(accountId: string): Promise<void> {
    try {
      await this.rows.reader(this.scopeOf(accountId))('send recorded replies', async () => {
        if (this.accounts.isAbandoned(accountId)) return;
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
    this.accounts.abandon(accountId);
    // Rows still running keep theirs (it reads the state, so it sees this too).
    this.scopes.delete(accountId);
  }

  /**
   * Queues stored rows (in id order) that are not queued here yet; answers how many it queued.
   * `recheck`: the rows were read from the database (replay), so each is checked to still be
   * pending right before its handlers run — it may have been finished in between.
   */
  dispatch(accountId: string, rows: InboxRow[], recheck = false): number {
    if (this.accounts.isAbandoned(accountId) || this.stopping.signal.aborted) return 0;
    let queued = 0;
    for (const row of rows) {
      const generation = this.accounts.generation(accountId);
      if (!this.accounts.enqueue(accountId, row.id, generation)) continue;
      queued += 1;
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
      this.executor.enqueue(
        `${accountId}\u0000${row.userId}`,
        () => this.runQueued(row, recheck, generation),
        this.unexpected,
      );
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
      if (signal?.aborted || this.scopeOf(accountId).stopped()) return;
      const room = Math.max(1, max - this.pendingCount(accountId));
      const rows = await this.store.pendingInbox(accountId, Math.min(500, room), afterId);
      if (rows.length === 0) return;
      const queued = this.dispatch(accountId, rows, true);
      if (queued > 0) this.logger.log(`replaying ${queued} unfinished messages of ${accountId}`);
      afterId = rows[rows.length - 1]!.id;
    }
  }

  /** Resolves when fewer than `max` rows of `accountId` wait here, or `signal` aborts. */
  waitForRoom(accountId: string, max: number, signal: AbortSignal): Promise<void> {
    return this.accounts.waitForRoom(accountId, max, signal);
  }

  /**
   * After `abandon(accountId)`: resolves `true` once no handler of `accountId` runs here (every
   * handled row is durably marked done by then; queued rows no longer start), or `false` after
   * `timeoutMs`.
   */
  settle(accountId: string, timeoutMs: number): Promise<boolean> {
    return this.accounts.settle(accountId, timeoutMs);
  }

  /**
   * Stops starting rows, waits up to `timeoutMs` for running handlers, then writes pending
   * acknowledgements. Answers whether every running handler finished.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping.abort();
    const finished = await this.executor.drain(timeoutMs);
    await this.outcomes
      .flushDone()
      .catch((err: unknown) =>
        this.logger.warn(`could not acknowledge handled messages: ${describeError(err)}`),
      );
    if (!finished) this.logger.warn(`handlers still running after ${timeoutMs} ms of shutdown`);
    return finished;
  }

  /**
   * When work of `accountId` stops here: the account given up, or the dispatcher stopping. One
   * object per account (it reads the state when asked), not one per row.
   */
  private scopeOf(accountId: string): RowScope {
    let scope = this.scopes.get(accountId);
    if (!scope) {
      const signal = (): AbortSignal => this.stopping.signal;
      scope = {
        get signal() {
          return signal();
        },
        stopped: () => this.accounts.isAbandoned(accountId) || signal().aborted,
      };
      this.scopes.set(accountId, scope);
    }
    return scope;
  }

  /**
   * A queued row's turn: runs it unless it must not start here (counted as running meanwhile),
   * then it leaves the queue. Its failure is logged here, with its id.
   */
  private async runQueued(row: InboxRow, recheck: boolean, generation: number): Promise<void> {
    const { accountId } = row;
    try {
      const fence = this.accounts.fenceOf(accountId);
      const scope = this.scopeOf(accountId);
      if (!fence || scope.stopped()) return;
      // Queued before the account was given up and taken again: the replay of the new generation
      // queued it again, in order with the user's other rows.
      if (this.accounts.generation(accountId) !== generation) return;
      this.accounts.beginRun(accountId);
      try {
        // Read persistently: a row skipped on a database error would run after the user's later
        // ones.
        if (
          recheck &&
          !(await this.rows.reader(scope)('read the row', () => this.store.isPending(row.id)))
        ) {
          return;
        }
        // Given up while the check ran: the row stays pending for the account's next owner.
        if (scope.stopped()) return;
        await this.rows.process(row, fence, scope);
      } finally {
        this.accounts.endRun(accountId);
      }
    } catch (err) {
      this.logger.error(`inbox row ${row.id} was not processed: ${describeError(err)}`);
    } finally {
      this.accounts.release(accountId, row.id, generation);
    }
  }
}

/** An abort controller whose signal takes any number of listeners (one per waiting retry). */
function unboundedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
