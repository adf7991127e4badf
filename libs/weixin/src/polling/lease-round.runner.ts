import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { isFirstLease, WeixinStore } from '../persistence/index.js';
import { ReplicaStore } from '../persistence/replica.store.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { AccountLoopRegistry } from './account-loop.registry.js';
import type { AccountPollLoop } from './account-poll-loop.js';
import { CoalescedRuns } from './coalesced-runs.js';
import { fairShare } from './fair-share.js';

/**
 * How rounds requested while one runs are gathered: the accounts added meanwhile (one by one, in
 * a burst) are all taken in the round that follows, once the adds paused for 50 ms, at the
 * latest 1 s after the first of them; so a burst of 1,000 adds costs a few rounds.
 */
const ROUND_COALESCING = { quietMs: 50, maxWaitMs: 1_000 };

/**
 * The lease rounds of a replica: renews its leases and heartbeat in one round, stops the loops of
 * leases it lost, takes free or expired leases up to its fair share, and hands accounts above
 * that share over (their handlers finish before the lease is released). When polling stops it
 * releases the leases of the accounts whose handlers finished. Rounds requested while one runs
 * (timer, added accounts, `refresh()`) share the one that follows it.
 */
@Injectable()
export class LeaseRoundRunner {
  private readonly logger = new Logger('PollingService');
  private readonly handovers = new Map<string, Promise<void>>();
  private readonly rounds = new CoalescedRuns(
    () => this.withLeaseLock(() => this.leaseRound()),
    ROUND_COALESCING,
  );
  /** Serializes lease rounds and handover releases. */
  private leaseLock: Promise<void> = Promise.resolve();
  private lastRenewAt = 0;
  private readonly replicaId: string;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly replicas: ReplicaStore,
    private readonly dispatcher: InboxDispatcher,
    private readonly loops: AccountLoopRegistry,
  ) {
    this.replicaId = options.leases.replicaId;
  }

  /**
   * Runs a round now, or (while one runs) joins the single round that follows it: resolves after
   * a round that started after the call.
   */
  tick(): Promise<void> {
    return this.rounds.request();
  }

  /** How many lease rounds started so far (coalesced requests count once). */
  get roundsStarted(): number {
    return this.rounds.started;
  }

  /** Resolves when the round in progress and the one queued (if any) ended. */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Resolves when every handover in progress ended. */
  async handedOver(): Promise<void> {
    await Promise.all(this.handovers.values());
  }

  /**
   * Ends the leases of a stopped replica: waits (bounded) for the dispatcher to drain and for the
   * handovers in progress, leaves the replica census, then releases the leases of `accountIds`
   * whose handlers finished.
   */
  async releaseAll(accountIds: string[]): Promise<void> {
    const { options, store, replicas, dispatcher, replicaId } = this;
    await Promise.all([dispatcher.drain(options.dispatch.drainTimeoutMs), this.handedOver()]);
    // An account whose handler still runs keeps its lease until it expires, so no other replica
    // replays that message while it runs here.
    const busy = new Set(dispatcher.busyAccounts());
    const idle = accountIds.filter((id) => !busy.has(id));
    // Out of the census first, so the replicas that take the released leases count it out.
    await replicas
      .leave(replicaId)
      .catch((err: unknown) =>
        this.logger.warn(`could not remove the replica heartbeat: ${describeError(err)}`),
      );
    try {
      await store.releaseLeases(replicaId, idle);
    } catch (err) {
      this.logger.warn(`could not release leases: ${describeError(err)}`);
    }
  }

  /** Runs `work` after the lease round or release in progress, never beside one. */
  private withLeaseLock<T>(work: () => Promise<T>): Promise<T> {
    const run = this.leaseLock.then(work);
    this.leaseLock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async leaseRound(): Promise<void> {
    const { options, store, replicas, loops, replicaId } = this;
    const { ttlMs, maxAccounts } = options.leases;
    // A round queued before polling stopped here has nothing to do.
    if (!loops.running) return;
    try {
      // The heartbeat goes first, so it expires before the leases renewed after it: when this
      // replica dies, the others count it out no later than its leases expire.
      const census = await replicas.heartbeat(replicaId, ttlMs, maxAccounts);
      const renewStartedAt = Date.now();
      // Only what differs from the loops' leases comes back: lost leases, and leases held here
      // under another epoch or without a loop.
      const { changed, lost } = await store.renewLeases(replicaId, ttlMs, loops.all());
      // The lease runs from when the statement was sent, not from when its answer arrived.
      this.lastRenewAt = renewStartedAt;
      for (const held of lost) await this.stopLost(held.accountId, held.epoch);
      for (const grant of changed) {
        const loop = loops.get(grant.accountId);
        if (loop && loop.epoch !== grant.epoch) await this.stopLost(loop.accountId, loop.epoch);
      }
      if (!loops.running) return;
      // A lease held under this replica id without a loop here (e.g. after a restart): poll it.
      for (const grant of changed) {
        if (!loops.has(grant.accountId) && !this.handovers.has(grant.accountId)) {
          loops.start(grant);
        }
      }
      const share = fairShare(replicaId, census);
      if (loops.size > share) return this.handOver(loops.size - share);
      const room = share - loops.size - this.handovers.size;
      if (room <= 0) return;
      const acquired = await store.acquireLeases(replicaId, ttlMs, room);
      for (const grant of acquired) loops.start(grant, isFirstLease(grant));
    } catch (err) {
      this.logger.warn(`lease round failed: ${describeError(err)}`);
      if (Date.now() - this.lastRenewAt > ttlMs) {
        // Leases not renewed for a whole TTL may belong to another replica by now.
        for (const loop of loops.all()) {
          loops.take(loop.accountId);
          await loops.stop(loop, 'lease-lost');
        }
      }
    }
  }

  /** Stops the loop of `accountId` if it still runs under `epoch`: its lease is lost. */
  private async stopLost(accountId: string, epoch: string): Promise<void> {
    const loop = this.loops.get(accountId);
    if (!loop || loop.epoch !== epoch) return;
    this.loops.take(accountId);
    await this.loops.stop(loop, 'lease-lost');
  }

  /** Hands `count` accounts over, those with the least work queued here first. */
  private handOver(count: number): void {
    const { dispatcher, loops } = this;
    const pending = (l: AccountPollLoop) => dispatcher.pendingCount(l.accountId);
    const chosen = loops
      .all()
      .sort((a, b) => pending(a) - pending(b) || (a.accountId < b.accountId ? 1 : -1))
      .slice(0, count);
    for (const loop of chosen) {
      loops.take(loop.accountId);
      const done = this.handOverOne(loop).finally(() => this.handovers.delete(loop.accountId));
      this.handovers.set(loop.accountId, done);
    }
  }

  /**
   * Stops the loop (its queued rows stay pending for the next owner), waits for its running
   * handlers and their done marks, then releases the lease. When they do not finish in time
   * the lease is kept (still renewed) and a later round polls the account here again.
   */
  private async handOverOne(loop: AccountPollLoop): Promise<void> {
    const { options, store, dispatcher, loops, replicaId } = this;
    const { accountId } = loop;
    await loops.stop(loop, 'handed-over');
    if (!(await dispatcher.settle(accountId, options.dispatch.drainTimeoutMs))) {
      this.logger.warn(`handlers of ${accountId} still run: its lease is kept for now`);
      return;
    }
    // Under the lease lock, so no round that renewed the lease before the release restarts it.
    await this.withLeaseLock(async () => {
      try {
        await store.releaseLeases(replicaId, [accountId]);
      } catch (err) {
        this.logger.warn(`could not release the lease of ${accountId}: ${describeError(err)}`);
      }
      this.handovers.delete(accountId);
    });
  }
}
