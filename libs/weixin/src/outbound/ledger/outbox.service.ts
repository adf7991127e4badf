import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../../weixin.constants.js';
import { DeliveryEvents } from '../delivery/delivery.events.js';
import { DeliverySender } from '../delivery/delivery.sender.js';
import { DeliveryStore, type StoredDelivery } from './delivery.store.js';
import { PeriodicRun } from '../../utils/periodic-run.js';
import { OutboxHint } from './outbox.hint.js';
import { OwnTokenClaims, type QueuedHead } from './own-token.claims.js';
import { SendLedger, type LedgerState } from './send.ledger.js';

/** Claims one flush makes at most (each sends up to a token's quota); the rest waits for the next. */
const MAX_FLUSH_ROUNDS = 20;

/** `sending` records older than this belong to a process that stopped mid-request. */
const INTERRUPTED_AFTER_MS = 5 * 60_000;

/**
 * The outbox: queued deliveries are flushed in order when the user writes again (leaving
 * `send.outbox.reserve` replies for the handlers), expire after `send.outbox.ttlMs`
 * (`weixin.delivery.expired`), and a periodic sweep (started at bootstrap, stopped at shutdown)
 * expires them, marks interrupted sends `unknown` and rebuilds the in-process `OutboxHint`.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  /** Which users may have queued deliveries. */
  readonly hint = new OutboxHint();
  private readonly flushing = new Map<string, Promise<unknown>>();
  private readonly sweeps = new PeriodicRun(
    () => this.runSweep(),
    () => this.options.send.outbox.sweepIntervalMs,
  );
  /** A sweep asked for with `sweep()`, awaited at shutdown. */
  private asked: Promise<unknown> | undefined;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: DeliveryStore,
    private readonly ledger: SendLedger,
    private readonly sender: DeliverySender,
    private readonly deliveryEvents: DeliveryEvents,
    private readonly own: OwnTokenClaims,
  ) {}

  /** Loads the hint and starts the sweep timer (without blocking bootstrap). */
  onApplicationBootstrap(): void {
    this.sweeps.start(true);
  }

  /** Stops the sweep timer and waits for a running sweep. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeps.stop();
    await this.asked;
  }

  /**
   * Sends the user's queued deliveries in order, as far as the replies left minus `reserve`
   * allow.
   */
  async flush(
    accountId: string,
    userId: string,
    reserve = this.options.send.outbox.reserve,
  ): Promise<StoredDelivery[]> {
    // No database read when this process knows of nothing queued for the user: rows queued by
    // another replica are flushed by the next send to the user (its claim refuses to overtake
    // them) or after the periodic sweep has added them to the hint.
    if (!this.hint.has(accountId, userId)) return [];
    const key = `${accountId}\u0000${userId}`;
    const previous = this.flushing.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.flushNow(accountId, userId, reserve));
    this.flushing.set(key, run);
    try {
      return await run;
    } finally {
      if (this.flushing.get(key) === run) this.flushing.delete(key);
    }
  }

  /**
   * Sends `records`, already claimed under `token` and `sending`; what a refusal puts back in the
   * queue waits for `flush`.
   */
  async deliverClaimed(
    accountId: string,
    userId: string,
    records: StoredDelivery[],
    token: string,
  ): Promise<void> {
    const sent = await this.sender.deliver(accountId, userId, records, token);
    if (sent.some((r) => r.state === 'queued')) this.hint.add(accountId, userId);
  }

  /**
   * Expires queued deliveries past their time, marks interrupted sends `unknown`, rebuilds the
   * hint. Answers how many expired.
   */
  async sweep(): Promise<number> {
    const run = this.runSweep();
    this.asked = run;
    return run;
  }

  private async flushNow(
    accountId: string,
    userId: string,
    reserve: number,
  ): Promise<StoredDelivery[]> {
    const o = this.options.send;
    const out: StoredDelivery[] = [];
    const spent = new Set<string>();
    for (let round = 0; round < MAX_FLUSH_ROUNDS; round++) {
      const state = await this.ledger.read(accountId, userId, o.windowMs);
      if (blocked(state) && !canUseOwnTokens(state)) return out;
      const head = await this.own.head(accountId, userId, o.quota);
      if (head.length === 0) {
        this.hint.delete(accountId, userId);
        return out;
      }
      // Replies to older messages first spend their own message's token, in order.
      const ownToken = (r: QueuedHead): string | undefined =>
        r.token !== undefined && r.token !== state.contextToken && !spent.has(r.token)
          ? r.token
          : undefined;
      const first = ownToken(head[0]!);
      if (first !== undefined) {
        const run = leadingRun(head, (r) => ownToken(r) === first);
        const taken = await this.own.take(accountId, userId, run, first, o.quota, o.windowMs);
        if (taken.length === 0) {
          spent.add(first);
          continue;
        }
        const sent = await this.sender.deliver(accountId, userId, taken, first);
        out.push(...sent);
        if (sent.some((r) => r.state === 'queued')) return out;
        continue;
      }
      // Then the newest token, for the rows up to the next one that has a token of its own.
      if (blocked(state)) return out;
      const run = leadingRun(head, (r) => ownToken(r) === undefined);
      const room = Math.min(o.quota - state.repliesUsed - reserve, run.length);
      if (room <= 0) return out;
      const { picked, token, taken } = await this.store.takeAndClaim(
        accountId,
        userId,
        room,
        o.quota,
        o.windowMs,
        state.contextToken!,
      );
      if (picked === 0) {
        this.hint.delete(accountId, userId);
        return out;
      }
      if (token === undefined || taken.length === 0) return out;
      const sent = await this.sender.deliver(accountId, userId, taken, token);
      out.push(...sent);
      if (sent.some((r) => r.state === 'queued')) return out;
      if (picked < room) {
        // Every queued record was taken: nothing waits for the user any more.
        if (run.length === head.length && head.length < o.quota)
          this.hint.delete(accountId, userId);
        return out;
      }
    }
    return out;
  }

  private async runSweep(): Promise<number> {
    try {
      this.hint.beginRebuild();
      const expired = await this.store.expire();
      this.deliveryEvents.emit(expired);
      const interrupted = await this.store.interrupted(INTERRUPTED_AFTER_MS);
      this.deliveryEvents.emit(interrupted);
      this.hint.finishRebuild(await this.store.queuedUsers());
      if (expired.length > 0) this.logger.log(`${expired.length} queued message(s) expired`);
      return expired.length;
    } catch (err) {
      this.hint.abortRebuild();
      this.logger.warn(`outbox sweep failed: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
  }
}

/** Whether nothing can be sent to the user now (no token, window closed, breaker, session). */
export function blocked(state: LedgerState): boolean {
  return (
    state.contextToken === undefined ||
    !state.windowOpen ||
    state.breakerUntil !== undefined ||
    state.accountState === 'needs_relogin' ||
    state.accountState === undefined
  );
}

/**
 * Whether replies to older messages may still go out under their own tokens when the newest is
 * unusable (spent, retired or missing): only the breaker and the session stop those too.
 */
function canUseOwnTokens(state: LedgerState): boolean {
  return (
    state.breakerUntil === undefined &&
    state.accountState !== undefined &&
    state.accountState !== 'needs_relogin'
  );
}

/** The leading records of `head` that `same` accepts. */
function leadingRun(head: QueuedHead[], same: (r: QueuedHead) => boolean): QueuedHead[] {
  const end = head.findIndex((r) => !same(r));
  return end === -1 ? head : head.slice(0, end);
}
