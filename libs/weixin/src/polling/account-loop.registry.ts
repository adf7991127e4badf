import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { IlinkClient } from '../client/index.js';
import { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import type { AccountPollStatus, PollStopReason } from '../interfaces/poll-status.interface.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WeixinStore, type LeaseGrant } from '../persistence/index.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  SESSION_EXPIRED_HINT,
  WeixinEvents,
  type WeixinPollEvent,
  type WeixinPollingEvent,
  type WeixinSessionExpiredEvent,
} from '../weixin.events.js';
import { AccountPollLoop, type PollLoopDeps } from './account-poll-loop.js';

/**
 * The poll loops of the accounts this replica holds, the last status of those it stopped, and
 * whether polling runs here: starts and stops the loops, tells the dispatcher, and emits the
 * polling events.
 */
@Injectable()
export class AccountLoopRegistry {
  private readonly loops = new Map<string, AccountPollLoop>();
  private readonly ended = new Map<string, AccountPollStatus>();
  private readonly replicaId: string;
  private isOpen = false;
  private deps?: PollLoopDeps;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly client: IlinkClient,
    private readonly store: WeixinStore,
    private readonly dispatcher: InboxDispatcher,
    private readonly events: EventEmitter2,
  ) {
    this.replicaId = options.leases.replicaId;
  }

  /** Whether polling runs here (a lease round or sweep in progress starts nothing once it stops). */
  get running(): boolean {
    return this.isOpen;
  }

  /** Polling starts here: the dispatcher accepts rows again (after the drain of a stop). */
  open(): void {
    this.isOpen = true;
    this.dispatcher.open();
  }

  /** Polling stops here. */
  close(): void {
    this.isOpen = false;
  }

  get size(): number {
    return this.loops.size;
  }

  has(accountId: string): boolean {
    return this.loops.has(accountId);
  }

  /** The running loop of `accountId`, if any. */
  get(accountId: string): AccountPollLoop | undefined {
    return this.loops.get(accountId);
  }

  /** The running loops. */
  all(): AccountPollLoop[] {
    return [...this.loops.values()];
  }

  /** Ids of the accounts polled here. */
  accountIds(): string[] {
    return [...this.loops.keys()];
  }

  /** Takes the loop of `accountId` out of the running ones (to stop it). */
  take(accountId: string): AccountPollLoop | undefined {
    const loop = this.loops.get(accountId);
    this.loops.delete(accountId);
    return loop;
  }

  /** Takes every running loop out (to stop them). */
  takeAll(): AccountPollLoop[] {
    const loops = this.all();
    this.loops.clear();
    return loops;
  }

  /** Status of every account polled or polled before, or of one. */
  status(): AccountPollStatus[];
  status(accountId: string): AccountPollStatus | undefined;
  status(accountId?: string): AccountPollStatus[] | AccountPollStatus | undefined {
    if (accountId !== undefined) {
      return this.loops.get(accountId)?.status() ?? this.ended.get(accountId);
    }
    return [...this.all().map((l) => l.status()), ...this.ended.values()];
  }

  /**
   * Starts polling the account of `grant` under its epoch (unless it is polled already).
   * `fresh`: the lease was just created (the account never had one), so no stored row waits.
   */
  start(grant: LeaseGrant, fresh = false): void {
    if (this.loops.has(grant.accountId)) return;
    const { dispatcher, replicaId } = this;
    const loop = new AccountPollLoop(this.loopDeps(), grant.accountId, grant, fresh);
    this.loops.set(grant.accountId, loop);
    this.ended.delete(grant.accountId);
    dispatcher.resume(grant.accountId, grant.epoch);
    loop.start();
    this.emitPolling(WeixinEvents.PollingStarted, { accountId: grant.accountId, replicaId });
  }

  /** What every loop is made with: built once, shared by the loops. */
  private loopDeps(): PollLoopDeps {
    const { client, store, dispatcher, options, replicaId } = this;
    return (this.deps ??= {
      client,
      store,
      dispatcher,
      options,
      replicaId,
      onEnded: (loop, reason, errmsg) => this.onLoopEnded(loop, reason, errmsg),
      onPolled: (accountId, messages, error) => this.emitPolled(accountId, messages, error),
    });
  }

  /** Stops a loop taken out of the running ones; keeps its last status (unless removed). */
  async stop(loop: AccountPollLoop, reason: PollStopReason): Promise<void> {
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

  private onLoopEnded(loop: AccountPollLoop, reason: PollStopReason, errmsg?: string): void {
    const { accountId } = loop;
    if (this.loops.get(accountId) !== loop) return;
    const { events, replicaId } = this;
    this.loops.delete(accountId);
    this.ended.set(accountId, loop.status());
    this.emitPolling(WeixinEvents.PollingStopped, { accountId, replicaId, reason });
    if (reason === 'session-expired') {
      const payload: WeixinSessionExpiredEvent = { accountId, errmsg, hint: SESSION_EXPIRED_HINT };
      events.emit(WeixinEvents.SessionExpired, payload);
    }
    if (reason !== 'lease-lost') void this.releaseLease(accountId);
  }

  /** Releases the lease of `accountId` held here; when that fails the lease expires instead. */
  async releaseLease(accountId: string): Promise<void> {
    await this.store.releaseLeases(this.replicaId, [accountId]).catch(() => undefined);
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
