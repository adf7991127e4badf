import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitterReadinessWatcher, OnEvent } from '@nestjs/event-emitter';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents } from '../weixin.events.js';
import { WeixinError } from '../errors/weixin.error.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { AccountLoopRegistry } from './account-loop.registry.js';
import { LeaseRoundRunner } from './lease-round.runner.js';
import { PendingRowsSweeper } from './pending-rows.sweeper.js';
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
  private timer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly accounts: WeixinAccountsService,
    private readonly loops: AccountLoopRegistry,
    private readonly rounds: LeaseRoundRunner,
    private readonly sweeper: PendingRowsSweeper,
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
    if (this.loops.running) return;
    this.loops.open();
    await this.readiness?.waitUntilReady();
    await this.seedAccounts();
    if (!this.loops.running) return;
    await this.tick();
    if (!this.loops.running) return;
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
        if (!this.loops.running) return;
        this.logger.warn(`storing the configured accounts failed, retrying: ${describeError(err)}`);
        await abortableSleep(this.options.polling.retryDelayMs);
      }
    }
  }

  /** Stops every loop, waits for running handlers (bounded) and releases the leases. */
  async stop(reason: PollStopReason = 'stopped'): Promise<void> {
    if (!this.loops.running) return;
    this.loops.close();
    clearInterval(this.timer);
    clearInterval(this.sweepTimer);
    await this.rounds.idle();
    await this.sweeper.idle();
    const loops = this.loops.takeAll();
    await Promise.all(loops.map((l) => this.loops.stop(l, reason)));
    await this.rounds.releaseAll(loops.map((l) => l.accountId));
  }

  /**
   * Runs a lease round (renew, drop lost, take new) instead of waiting for the timer: now, or,
   * while one runs, the round after it, which every call made meanwhile shares. Resolves after a
   * round that started after the call.
   */
  async refresh(): Promise<void> {
    if (this.loops.running) await this.tick();
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
    await this.loops.releaseLease(accountId);
  }

  /** Dispatches rows of owned accounts that wait without being queued here (e.g. replayed dead letters). */
  sweep(): Promise<void> {
    return this.sweeper.sweep();
  }

  private tick(): Promise<void> {
    return this.rounds.tick();
  }
}
