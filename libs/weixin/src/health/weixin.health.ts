import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AccountStatusStore, type AccountStatusRow } from '../persistence/account-status.store.js';
import { PollingService } from '../polling/polling.service.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { readWithin } from './bounded-read.js';
import { WEIXIN_HEALTH_DEFAULTS } from './weixin-health.constants.js';

/** Health of one account. */
export interface WeixinAccountHealth {
  status: 'up' | 'down';
  /** The stored state (`active`, `paused`, `needs_relogin`). */
  state: string;
  /** Who polls it: `here`, another replica's id, or none. */
  polledBy?: string;
  /** Why it is down, in words. */
  reason?: string;
  lastPollAt?: string;
}

/** Options of `WeixinHealthIndicator.isHealthy()`. */
export interface WeixinHealthCheckOptions {
  /**
   * No successful poll for this long makes the account down: by another replica, or by this
   * replica since its loop started.
   * @default 120000
   */
  staleAfterMs?: number;
  /**
   * Failed polls since the last success (on this replica) that make the account down; the
   * back-off restarting its own count does not hide them.
   * @default the module's `polling.maxConsecutiveFailures`
   */
  maxConsecutiveFailures?: number;
  /**
   * Whether a `paused` account counts as up.
   * @default true
   */
  pausedIsUp?: boolean;
  /**
   * How long the check waits for the database (down, reset or unreachable) before it answers
   * down with the reason.
   * @default 3000
   */
  databaseTimeoutMs?: number;
}

/**
 * `@nestjs/terminus` indicator of every account: up when this replica polls it successfully
 * (within `staleAfterMs`, without repeated failures since the last success), or another replica
 * holds a live lease and polled it recently; down when it needs a new QR login, no live replica
 * polls it, or its polls keep failing. When the database fails or does not answer within
 * `databaseTimeoutMs`, the check answers down with the reason (HTTP 503 through terminus) instead
 * of throwing or hanging.
 */
@Injectable()
export class WeixinHealthIndicator {
  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly health: HealthIndicatorService,
    private readonly statusStore: AccountStatusStore,
    private readonly polling: PollingService,
  ) {}

  /** Checks every account; down when one of them is. */
  async isHealthy(
    key: string = WEIXIN_HEALTH_DEFAULTS.key,
    options: WeixinHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    const read = await readWithin(
      this.statusStore.statuses(),
      options.databaseTimeoutMs ?? WEIXIN_HEALTH_DEFAULTS.databaseTimeoutMs,
      'reading the account states from the database',
    );
    if (!read.ok) return session.down({ reason: read.reason });
    const accounts: Record<string, WeixinAccountHealth> = {};
    for (const row of read.value) accounts[row.id] = this.accountHealth(row, options);
    const down = Object.values(accounts).filter((a) => a.status === 'down').length;
    return down > 0 ? session.down({ down, accounts }) : session.up({ accounts });
  }

  /** The health of each account, without terminus. */
  async accounts(
    options: WeixinHealthCheckOptions = {},
  ): Promise<Record<string, WeixinAccountHealth>> {
    const out: Record<string, WeixinAccountHealth> = {};
    for (const row of await this.statusStore.statuses())
      out[row.id] = this.accountHealth(row, options);
    return out;
  }

  private accountHealth(row: AccountStatusRow, o: WeixinHealthCheckOptions): WeixinAccountHealth {
    const base = { state: row.state, lastPollAt: row.lastPollAt?.toISOString() };
    if (row.state === 'needs_relogin') {
      return { ...base, status: 'down', reason: 'the session expired: a new QR login is needed' };
    }
    if (row.state === 'paused') {
      return (o.pausedIsUp ?? WEIXIN_HEALTH_DEFAULTS.pausedIsUp)
        ? { ...base, status: 'up' }
        : { ...base, status: 'down', reason: 'polling is paused' };
    }
    const staleAfterMs = o.staleAfterMs ?? WEIXIN_HEALTH_DEFAULTS.staleAfterMs;
    const here = this.polling.isPolling(row.id) ? this.polling.status(row.id) : undefined;
    if (here && here.state !== 'stopped') {
      const max = o.maxConsecutiveFailures ?? this.options.polling.maxConsecutiveFailures;
      if (here.failuresSinceSuccess >= max) {
        return {
          ...base,
          status: 'down',
          polledBy: 'here',
          reason: `${here.failuresSinceSuccess} polls failed since the last success`,
        };
      }
      const since = (here.lastPollAt ?? here.startedAt).getTime();
      if (Date.now() - since > staleAfterMs) {
        return {
          ...base,
          status: 'down',
          polledBy: 'here',
          reason: `no successful poll within ${staleAfterMs} ms`,
        };
      }
      return { ...base, status: 'up', polledBy: 'here' };
    }
    if (!row.leaseLive || !row.leaseOwner) {
      return { ...base, status: 'down', reason: 'no live replica holds its lease' };
    }
    if (row.sinceLastPollMs === null || row.sinceLastPollMs > staleAfterMs) {
      return {
        ...base,
        status: 'down',
        polledBy: row.leaseOwner,
        reason: `no successful poll within ${staleAfterMs} ms`,
      };
    }
    return { ...base, status: 'up', polledBy: row.leaseOwner };
  }
}
