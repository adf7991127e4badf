import { Logger } from '@nestjs/common';
import type { IlinkClient } from '../client/index.js';
import { toIlinkAccount } from '../accounts/to-ilink-account.js';
import { LeaseLostError, type LeaseGrant, type WeixinStore } from '../persistence/index.js';
import { isSessionExpired, describeError } from '../errors/describe-error.js';
import { isInboundUserMessage, toInboundRecord } from './to-inbound-record.js';
import type { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { pollBackoff } from './poll-backoff.js';
import type { AccountPollStatus, PollStopReason } from '../interfaces/poll-status.interface.js';

const logger = new Logger('AccountPollLoop');

/** What a poll loop needs from the module (one object shared by the loops of a replica). */
export interface PollLoopDeps {
  client: IlinkClient;
  store: WeixinStore;
  dispatcher: InboxDispatcher;
  options: ResolvedWeixinOptions;
  replicaId: string;
  /** Called once when `loop` ends by itself (session expired, lease lost, account gone). */
  onEnded(loop: AccountPollLoop, reason: PollStopReason, errmsg?: string): void;
  /** Called after every poll: `error` is set when it failed. */
  onPolled?(accountId: string, messages: number, error?: unknown): void;
}

/**
 * The long-poll loop of one account on the replica that holds its lease: `getupdates` → one
 * transaction that stores the batch, the senders' context tokens and the cursor (guarded by the
 * lease epoch) → hand the new rows to the dispatcher → poll again at once.
 */
export class AccountPollLoop {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private readonly state: AccountPollStatus;

  constructor(
    private readonly deps: PollLoopDeps,
    readonly accountId: string,
    private lease: LeaseGrant,
    private readonly fresh = false,
  ) {
    this.state = {
      accountId,
      state: 'starting',
      epoch: lease.epoch,
      startedAt: new Date(),
      consecutiveFailures: 0,
      failuresSinceSuccess: 0,
    };
  }

  /** A copy of the loop's status. */
  status(): AccountPollStatus {
    return { ...this.state };
  }

  /** The lease epoch this loop writes under. */
  get epoch(): string {
    return this.lease.epoch;
  }

  start(): void {
    this.running ??= this.runUntilStopped();
  }

  /**
   * Runs the loop; a failure outside a poll (reading the account or replaying its rows while the
   * database drops connections) backs off and starts over from the stored cursor instead of
   * ending the loop, so polling has no gap until the next lease round.
   */
  private async runUntilStopped(): Promise<void> {
    for (;;) {
      try {
        return await this.run();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (err instanceof LeaseLostError) return this.end('lease-lost');
        this.deps.onPolled?.(this.accountId, 0, err);
        try {
          await this.backoff(err, this.abort.signal);
        } catch (fatal) {
          logger.error(`poll loop of ${this.accountId} crashed: ${describeError(fatal)}`);
          return this.end('stopped');
        }
      }
    }
  }

  /** Aborts the open long poll and waits for the loop to end. */
  async stop(reason: PollStopReason): Promise<void> {
    if (!this.state.stopReason) this.state.stopReason = reason;
    this.abort.abort();
    await this.running;
    this.state.state = 'stopped';
  }

  private end(reason: PollStopReason, errmsg?: string): void {
    if (this.state.stopReason) return;
    this.state.stopReason = reason;
    this.state.state = 'stopped';
    this.abort.abort();
    this.deps.onEnded(this, reason, errmsg);
  }

  private async run(): Promise<void> {
    const { client, store, dispatcher, options } = this.deps;
    const signal = this.abort.signal;
    // A database error while starting is retried like a failed poll, never ends the loop.
    const stored = await this.retrying(() => store.getAccount(this.accountId), signal);
    if (signal.aborted) return;
    if (!stored || stored.state !== 'active') return this.end('removed');
    const account = toIlinkAccount(stored);
    try {
      await client.notifyStart(account);
    } catch (err) {
      logger.warn(`notifystart failed for ${this.accountId}: ${describeError(err)}`);
    }
    // A fresh lease (the account never had one) has no stored rows to replay, nor recorded
    // replies to send: no query for either.
    if (!this.fresh) {
      await this.retrying(() => dispatcher.replay(this.accountId, signal), signal);
      void dispatcher.resendReplies(this.accountId);
    }

    let cursor = stored.cursor;
    let pollTimeoutMs = options.polling.longPollTimeoutMs;
    while (!signal.aborted) {
      await dispatcher.waitForRoom(this.accountId, options.polling.maxPendingPerAccount, signal);
      if (signal.aborted) break;
      this.state.state = 'polling';
      try {
        const res = await client.getUpdates(account, cursor, {
          timeoutMs: pollTimeoutMs + options.polling.timeoutMarginMs,
          signal,
        });
        const groups = options.polling.groupMessages === 'deliver';
        const msgs = (res.msgs ?? []).filter((m) =>
          isInboundUserMessage(m, this.accountId, groups),
        );
        const nextCursor = res.get_updates_buf || cursor;
        if (msgs.length > 0 || nextCursor !== cursor) {
          const rows = await store.persistBatch({
            accountId: this.accountId,
            owner: this.deps.replicaId,
            epoch: this.lease.epoch,
            cursor: nextCursor,
            messages: msgs.map(toInboundRecord),
          });
          dispatcher.dispatch(this.accountId, rows);
        }
        cursor = nextCursor;
        if (res.longpolling_timeout_ms && res.longpolling_timeout_ms > 0) {
          pollTimeoutMs = res.longpolling_timeout_ms;
        }
        this.state.consecutiveFailures = 0;
        this.state.failuresSinceSuccess = 0;
        this.state.lastPollAt = new Date();
        this.deps.onPolled?.(this.accountId, msgs.length);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof LeaseLostError) return this.end('lease-lost');
        this.deps.onPolled?.(this.accountId, 0, err);
        if (isSessionExpired(err)) {
          await this.expire(account.token, describeError(err));
          return;
        }
        await this.backoff(err, signal);
      }
    }
    if (this.state.stopReason === 'shutdown' || this.state.stopReason === 'stopped') {
      try {
        await client.notifyStop(account);
      } catch (err) {
        logger.warn(`notifystop failed for ${this.accountId}: ${describeError(err)}`);
      }
    }
  }

  /** Runs `step` until it succeeds (backing off after failures) or `signal` aborts. */
  private async retrying<T>(step: () => Promise<T>, signal: AbortSignal): Promise<T | undefined> {
    while (!signal.aborted) {
      try {
        return await step();
      } catch (err) {
        if (signal.aborted) break;
        await this.backoff(err, signal);
      }
    }
    return undefined;
  }

  private async expire(usedToken: string, errmsg: string): Promise<void> {
    const current = await this.deps.store.getAccount(this.accountId);
    if (current && current.token !== usedToken && current.state === 'active') {
      // A QR login renewed the token while this loop polled with the old one: poll again with it.
      logger.log(`token of ${this.accountId} was renewed; polling restarts with the new one`);
      return this.end('stopped');
    }
    logger.warn(`session of ${this.accountId} expired (-14): a new QR login is needed`);
    await this.deps.store.setAccountState(this.accountId, 'needs_relogin', errmsg);
    this.end('session-expired', errmsg);
  }

  private async backoff(err: unknown, signal: AbortSignal): Promise<void> {
    this.state.consecutiveFailures += 1;
    this.state.failuresSinceSuccess += 1;
    this.state.lastError = describeError(err);
    this.state.state = 'backoff';
    const { delayMs, reset } = pollBackoff(
      this.state.consecutiveFailures,
      this.deps.options.polling,
    );
    logger.warn(
      `poll of ${this.accountId} failed (${this.state.consecutiveFailures} in a row), ` +
        `next in ${delayMs} ms: ${this.state.lastError}`,
    );
    this.deps.store.recordPoll(this.accountId, this.state.lastError).catch(() => undefined);
    if (reset) this.state.consecutiveFailures = 0;
    await abortableSleep(delayMs, signal);
  }
}
