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
import { WeixinStore } from '../persistence/index.js';
import { ReplicaStore } from '../persistence/replica.store.js';
import { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents } from '../weixin.events.js';
import { WeixinError } from '../errors/weixin.error.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { AccountLoopRegistry } from './account-loop.registry.js';
import { LeaseRoundRunner } from './lease-round.runner.js';
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
  private readonly loops: AccountLoopRegistry;
  private readonly rounds: LeaseRoundRunner;
  private timer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private running = false;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    client: IlinkClient,
    private readonly store: WeixinStore,
    private readonly replicas: ReplicaStore,
    private readonly dispatcher: InboxDispatcher,
    private readonly accounts: WeixinAccountsService,
    events: EventEmitter2,
    @Optional() private readonly readiness?: EventEmitterReadinessWatcher,
  ) {
    const replicaId = options.leases.replicaId;
    this.loops = new AccountLoopRegistry({ client, store, dispatcher, options, events, replicaId });
    this.rounds = new LeaseRoundRunner({
      options,
      store,
      replicas,
      dispatcher,
      loops: this.loops,
      replicaId,
      isRunning: () => this.running,
    });
  }

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
    await this.rounds.idle();
    await this.sweeping;
    const loops = this.loops.takeAll();
    await Promise.all(loops.map((l) => this.loops.stop(l, reason)));
    await Promise.all([
      this.dispatcher.drain(this.options.dispatch.drainTimeoutMs),
      this.rounds.handedOver(),
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
    return accountId === undefined ? this.loops.status() : this.loops.status(accountId);
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
    return this.loops.accountIds();
  }

  /** Stops polling one account here (e.g. it was removed or paused). */
  async stopAccount(accountId: string, reason: PollStopReason): Promise<void> {
    const loop = this.loops.take(accountId);
    if (!loop) return;
    await this.loops.stop(loop, reason);
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
    return this.rounds.tick();
  }
}
