import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { IlinkClient } from '../client/index.js';
import type { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import type { AccountPollStatus, PollStopReason } from '../interfaces/poll-status.interface.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { LeaseGrant, WeixinStore } from '../persistence/index.js';
import {
  SESSION_EXPIRED_HINT,
  WeixinEvents,
  type WeixinPollEvent,
  type WeixinPollingEvent,
  type WeixinSessionExpiredEvent,
} from '../weixin.events.js';
import { AccountPollLoop } from './account-poll-loop.js';

/** What the poll loops of a replica need from `PollingService`. */
export interface AccountLoopRegistryDeps {
  client: IlinkClient;
  store: WeixinStore;
  dispatcher: InboxDispatcher;
  options: ResolvedWeixinOptions;
  events: EventEmitter2;
  replicaId: string;
}

/**
 * The poll loops of the accounts this replica holds, and the last status of those it stopped:
 * starts and stops them, tells the dispatcher, and emits the polling events.
 */
export class AccountLoopRegistry {
  private readonly loops = new Map<string, AccountPollLoop>();
  private readonly ended = new Map<string, AccountPollStatus>();

  constructor(private readonly deps: AccountLoopRegistryDeps) {}

  get size(): number {
    return this.loops.size;
  }

  has(accountId: string): boolean {
    return this.loops.has(accountId);
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

  /** Starts polling the account of `grant` under its epoch (unless it is polled already). */
  start(grant: LeaseGrant): void {
    if (this.loops.has(grant.accountId)) return;
    const { client, store, dispatcher, options, replicaId } = this.deps;
    const loop = new AccountPollLoop(
      {
        client,
        store,
        dispatcher,
        options,
        replicaId,
        onEnded: (accountId, reason, errmsg) => this.onLoopEnded(loop, accountId, reason, errmsg),
        onPolled: (accountId, messages, error) => this.emitPolled(accountId, messages, error),
      },
      grant.accountId,
      grant,
    );
    this.loops.set(grant.accountId, loop);
    this.ended.delete(grant.accountId);
    dispatcher.resume(grant.accountId, grant.epoch);
    loop.start();
    this.emitPolling(WeixinEvents.PollingStarted, { accountId: grant.accountId, replicaId });
  }

  /** Stops a loop taken out of the running ones; keeps its last status (unless removed). */
  async stop(loop: AccountPollLoop, reason: PollStopReason): Promise<void> {
    if (reason === 'lease-lost' || reason === 'removed' || reason === 'handed-over') {
      this.deps.dispatcher.abandon(loop.accountId);
    }
    await loop.stop(reason);
    if (reason === 'removed') this.ended.delete(loop.accountId);
    else this.ended.set(loop.accountId, loop.status());
    this.emitPolling(WeixinEvents.PollingStopped, {
      accountId: loop.accountId,
      replicaId: this.deps.replicaId,
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
    const { events, replicaId, store } = this.deps;
    this.loops.delete(accountId);
    this.ended.set(accountId, loop.status());
    this.emitPolling(WeixinEvents.PollingStopped, { accountId, replicaId, reason });
    if (reason === 'session-expired') {
      const payload: WeixinSessionExpiredEvent = { accountId, errmsg, hint: SESSION_EXPIRED_HINT };
      events.emit(WeixinEvents.SessionExpired, payload);
    }
    if (reason !== 'lease-lost') {
      void store.releaseLeases(replicaId, [accountId]).catch(() => undefined);
    }
  }

  private emitPolled(accountId: string, messages: number, error?: unknown): void {
    if (error === undefined) {
      const payload: WeixinPollEvent = { accountId, messages };
      this.deps.events.emit(WeixinEvents.PollSucceeded, payload);
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
    this.deps.events.emit(WeixinEvents.PollFailed, payload);
  }

  private emitPolling(event: string, payload: WeixinPollingEvent): void {
    this.deps.events.emit(event, payload);
  }
}
