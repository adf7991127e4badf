import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher, OnEvent } from '@nestjs/event-emitter';
import { IlinkClient } from '../client/index.js';
import { WeixinStore, type LeaseGrant } from '../persistence/index.js';
import { ReplicaStore } from '../persistence/replica.store.js';
import { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  SESSION_EXPIRED_HINT,
  WeixinEvents,
  type WeixinPollEvent,
  type WeixinPollingEvent,
  type WeixinSessionExpiredEvent,
} from '../weixin.events.js';
import { WeixinError } from '../errors/weixin.error.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { AccountPollLoop } from './account-poll-loop.js';
import { fairShare } from './fair-share.js';
import { describeError } from '../errors/describe-error.js';
import type { AccountPollStatus, PollStopReason } from '../interfaces/poll-status.interface.js';

/**
 * Runs one long-poll loop per account whose lease this replica holds. Every `renewIntervalMs` it
 * renews its leases in one statement, writes its heartbeat, and takes free or expired leases up
 * to its fair share of the accounts among the live replicas; a lease it no longer holds stops
 * that account's loop at once. Above its share it hands accounts over: it stops their loops,
 * lets their running handlers finish (the lease still renewed meanwhile), then releases the
 * leases, so a replica below its share takes them on its next round.
 */
@Injectable()
export class PollingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollingService.name);
  private readonly loops = new Map<string, AccountPollLoop>();
  private readonly ended = new Map<string, AccountPollStatus>();
  private readonly handovers = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  /** Serializes lease rounds and handover releases. */
  private leaseLock: Promise<void> = Promise.resolve();
  private sweeping?: Promise<void>;
  private running = false;
  private lastRenewAt = 0;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly client: IlinkClient,
    private readonly store: WeixinStore,
    private readonly replicas: ReplicaStore,
    private readonly dispatcher: InboxDispatcher,
    private readonly accounts: WeixinAccountsService,
    private readonly events: EventEmitter2,
    @Optional() private readonly readiness?: EventEmitterReadinessWatcher,
  ) {}

  /** This replica's id in lease rows. */
  get replicaId(): string {
    return this.options.leases.replicaId;
  }

  onApplicationBootstrap(): void {
    if (!this.options.polling.enabled || !this.options.polling.autoStart) return;
    void this.start().catch((err: unknown) =>
      this.logger.error(`polling did not start: ${describeError(err)}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop('shutdown');
  }

  /** Starts taking leases and polling. Resolves after the first lease round. */
  async start(): Promise<void> {
    if (!this.options.polling.enabled) return;
    if (this.running) return;
    this.running = true;
    this.dispatcher.open();
    await this.readiness?.waitUntilReady();
    await this.seedAccounts();
    if (!this.running) return;
    await this.tick();
    if (!this.running) return;
    this.timer = setInterval(() => void this.tick(), this.options.leases.renewIntervalMs);
    this.timer.unref();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.dispatch.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /**
   * Stores the accounts of the options, retrying while the database fails (a dropped connection
   * at boot must not leave the replica without polling) until stopped. The library's own errors
   * (a configuration it refuses) do not go away by waiting: they end the start.
   */
  private async seedAccounts(): Promise<void> {
    for (;;) {
      try {
        return await this.accounts.seedFromOptions();
      } catch (err) {
        if (err instanceof WeixinError) throw err;
        if (!this.running) return;
        this.logger.warn(`storing the configured accounts failed, retrying: ${describeError(err)}`);
        await abortableSleep(this.options.polling.retryDelayMs);
      }
    }
  }

  /** Stops every loop, waits for running handlers (bounded) and releases the leases. */
  async stop(reason: PollStopReason = 'stopped'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    clearInterval(this.sweepTimer);
    await this.ticking;
    await this.sweeping;
    const loops = [...this.loops.values()];
    this.loops.clear();
    await Promise.all(loops.map((l) => this.stopLoop(l, reason)));
    await Promise.all([
      this.dispatcher.drain(this.options.dispatch.drainTimeoutMs),
      ...this.handovers.values(),
    ]);
    // An account whose handler still runs keeps its lease until it expires, so no other replica
    // replays that message while it runs here.
    const busy = new Set(this.dispatcher.busyAccounts());
    const idle = loops.map((l) => l.accountId).filter((id) => !busy.has(id));
    // Out of the census first, so the replicas that take the released leases count it out.
    await this.replicas
      .leave(this.replicaId)
      .catch((err: unknown) =>
        this.logger.warn(`could not remove the replica heartbeat: ${describeError(err)}`),
      );
    try {
      await this.store.releaseLeases(this.replicaId, idle);
    } catch (err) {
      this.logger.warn(`could not release leases: ${describeError(err)}`);
    }
  }

  /** Runs a lease round now (renew, drop lost, take new) instead of waiting for the timer. */
  async refresh(): Promise<void> {
    if (this.running) await this.tick();
  }

  /** Status of every account this replica polls or polled. */
  status(): AccountPollStatus[];
  status(accountId: string): AccountPollStatus | undefined;
  status(accountId?: string): AccountPollStatus[] | AccountPollStatus | undefined {
    if (accountId !== undefined) {
      return this.loops.get(accountId)?.status() ?? this.ended.get(accountId);
    }
    return [...[...this.loops.values()].map((l) => l.status()), ...this.ended.values()];
  }

  @OnEvent(WeixinEvents.AccountAdded)
  protected async onAccountAdded(): Promise<void> {
    await this.refresh().catch((err: unknown) =>
      this.logger.warn(`lease round after an added account failed: ${describeError(err)}`),
    );
  }

  @OnEvent(WeixinEvents.AccountRemoved)
  protected async onAccountRemoved(event: { accountId: string }): Promise<void> {
    await this.stopAccount(event.accountId, 'removed');
  }

  /** Whether this replica currently polls `accountId`. */
  isPolling(accountId: string): boolean {
    return this.loops.has(accountId);
  }

  /** Ids of the accounts this replica polls. */
  ownedAccounts(): string[] {
    return [...this.loops.keys()];
  }

  /** Stops polling one account here (e.g. it was removed or paused). */
  async stopAccount(accountId: string, reason: PollStopReason): Promise<void> {
    const loop = this.loops.get(accountId);
    if (!loop) return;
    this.loops.delete(accountId);
    await this.stopLoop(loop, reason);
    await this.store.releaseLeases(this.replicaId, [accountId]).catch(() => undefined);
  }

  /** Dispatches rows of owned accounts that wait without being queued here (e.g. replayed dead letters). */
  async sweep(): Promise<void> {
    if (!this.running) return;
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    await this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      for (const accountId of await this.store.accountsWithPending(this.ownedAccounts())) {
        if (this.running && this.loops.has(accountId)) await this.dispatcher.replay(accountId);
      }
    } catch (err) {
      this.logger.warn(`pending sweep failed: ${describeError(err)}`);
    }
  }

  private tick(): Promise<void> {
    this.ticking ??= this.withLeaseLock(() => this.leaseRound()).finally(
      () => (this.ticking = undefined),
    );
    return this.ticking;
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
    const { ttlMs, maxAccounts } = this.options.leases;
    try {
      // The heartbeat goes first, so it expires before the leases renewed after it: when this
      // replica dies, the others count it out no later than its leases expire.
      const census = await this.replicas.heartbeat(this.replicaId, ttlMs, maxAccounts);
      const renewStartedAt = Date.now();
      const renewed = await this.store.renewLeases(this.replicaId, ttlMs);
      // The lease runs from when the statement was sent, not from when its answer arrived.
      this.lastRenewAt = renewStartedAt;
      const held = new Map(renewed.map((g) => [g.accountId, g]));
      for (const loop of [...this.loops.values()]) {
        const grant = held.get(loop.accountId);
        if (!grant || grant.epoch !== loop.epoch) {
          this.loops.delete(loop.accountId);
          await this.stopLoop(loop, 'lease-lost');
        }
      }
      if (!this.running) return;
      // A lease held under this replica id without a loop here (e.g. after a restart): poll it.
      for (const grant of renewed) {
        if (!this.loops.has(grant.accountId) && !this.handovers.has(grant.accountId)) {
          this.startLoop(grant);
        }
      }
      const share = fairShare(this.replicaId, census);
      if (this.loops.size > share) return this.handOver(this.loops.size - share);
      const room = share - this.loops.size - this.handovers.size;
      if (room <= 0) return;
      const acquired = await this.store.acquireLeases(this.replicaId, ttlMs, room);
      for (const grant of acquired) this.startLoop(grant);
    } catch (err) {
      this.logger.warn(`lease round failed: ${describeError(err)}`);
      if (Date.now() - this.lastRenewAt > ttlMs) {
        // Leases not renewed for a whole TTL may belong to another replica by now.
        for (const loop of [...this.loops.values()]) {
          this.loops.delete(loop.accountId);
          await this.stopLoop(loop, 'lease-lost');
        }
      }
    }
  }

  /** Hands `count` accounts over, those with the least work queued here first. */
  private handOver(count: number): void {
    const pending = (l: AccountPollLoop) => this.dispatcher.pendingCount(l.accountId);
    const chosen = [...this.loops.values()]
      .sort((a, b) => pending(a) - pending(b) || (a.accountId < b.accountId ? 1 : -1))
      .slice(0, count);
    for (const loop of chosen) {
      this.loops.delete(loop.accountId);
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
    const { accountId } = loop;
    await this.stopLoop(loop, 'handed-over');
    if (!(await this.dispatcher.settle(accountId, this.options.dispatch.drainTimeoutMs))) {
      this.logger.warn(`handlers of ${accountId} still run: its lease is kept for now`);
      return;
    }
    // Under the lease lock, so no round that renewed the lease before the release restarts it.
    await this.withLeaseLock(async () => {
      try {
        await this.store.releaseLeases(this.replicaId, [accountId]);
      } catch (err) {
        this.logger.warn(`could not release the lease of ${accountId}: ${describeError(err)}`);
      }
      this.handovers.delete(accountId);
    });
  }

  private startLoop(grant: LeaseGrant): void {
    if (this.loops.has(grant.accountId)) return;
    const loop = new AccountPollLoop(
      {
        client: this.client,
        store: this.store,
        dispatcher: this.dispatcher,
        options: this.options,
        replicaId: this.replicaId,
        onEnded: (accountId, reason, errmsg) => this.onLoopEnded(loop, accountId, reason, errmsg),
        onPolled: (accountId, messages, error) => this.emitPolled(accountId, messages, error),
      },
      grant.accountId,
      grant,
    );
    this.loops.set(grant.accountId, loop);
    this.ended.delete(grant.accountId);
    this.dispatcher.resume(grant.accountId, grant.epoch);
    loop.start();
    this.emitPolling(WeixinEvents.PollingStarted, {
      accountId: grant.accountId,
      replicaId: this.replicaId,
    });
  }

  private async stopLoop(loop: AccountPollLoop, reason: PollStopReason): Promise<void> {
    if (reason === 'lease-lost' || reason === 'removed' || reason === 'handed-over') {
      this.dispatcher.abandon(loop.accountId);
    }
    await loop.stop(reason);
    if (reason === 'removed') this.ended.delete(loop.accountId);
    else this.ended.set(loop.accountId, loop.status());
    this.emitPolling(WeixinEvents.PollingStopped, {
      accountId: loop.accountId,
      replicaId: this.replicaId,
      reason,
    });
  }

  private onLoopEnded(
    loop: AccountPollLoop,
    accountId: string,
    reason: PollStopReason,
    errmsg?: string,
  ): void {
    if (this.loops.get(accountId) !== loop) return;
    this.loops.delete(accountId);
    this.ended.set(accountId, loop.status());
    this.emitPolling(WeixinEvents.PollingStopped, { accountId, replicaId: this.replicaId, reason });
    if (reason === 'session-expired') {
      const payload: WeixinSessionExpiredEvent = { accountId, errmsg, hint: SESSION_EXPIRED_HINT };
      this.events.emit(WeixinEvents.SessionExpired, payload);
    }
    if (reason !== 'lease-lost') {
      void this.store.releaseLeases(this.replicaId, [accountId]).catch(() => undefined);
    }
  }

  private emitPolled(accountId: string, messages: number, error?: unknown): void {
    if (error === undefined) {
      const payload: WeixinPollEvent = { accountId, messages };
      this.events.emit(WeixinEvents.PollSucceeded, payload);
      return;
    }
    const e = error as { code?: unknown; ret?: unknown; errcode?: unknown };
    const ret =
      typeof e.ret === 'number' ? e.ret : typeof e.errcode === 'number' ? e.errcode : undefined;
    const payload: WeixinPollEvent = {
      accountId,
      code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
      ret,
    };
    this.events.emit(WeixinEvents.PollFailed, payload);
  }

  private emitPolling(event: string, payload: WeixinPollingEvent): void {
    this.events.emit(event, payload);
  }
}
