import type { HealthIndicatorService } from '@nestjs/terminus';
import type { AccountStatusRow, AccountStatusStore } from '../persistence/account-status.store.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { AccountPollStatus } from '../interfaces/poll-status.interface.js';
import type { PollingService } from '../polling/polling.service.js';
import { WeixinHealthIndicator } from './weixin.health.js';

const BOT = 'b0f5860fdecb@im.bot';

const row: AccountStatusRow = {
  id: BOT,
  state: 'active',
  ownerUserId: null,
  lastPollAt: null,
  lastError: null,
  leaseOwner: 'replica-1',
  leaseEpoch: '1',
  leaseExpiresAt: null,
  leaseLive: true,
  sinceLastPollMs: null,
  createdAt: new Date(),
};

function indicator(status: Partial<AccountPollStatus>): WeixinHealthIndicator {
  const polling = {
    isPolling: () => true,
    status: (): AccountPollStatus => ({
      accountId: BOT,
      state: 'polling',
      epoch: '1',
      startedAt: new Date(),
      consecutiveFailures: 0,
      failuresSinceSuccess: 0,
      ...status,
    }),
  } as unknown as PollingService;
  const store = { statuses: () => Promise.resolve([row]) } as unknown as AccountStatusStore;
  const options = { polling: { maxConsecutiveFailures: 3 } } as ResolvedWeixinOptions;
  return new WeixinHealthIndicator(options, {} as HealthIndicatorService, store, polling);
}

describe('WeixinHealthIndicator (account polled here)', () => {
  it('is up while polls succeed', async () => {
    const health = await indicator({ lastPollAt: new Date() }).accounts();
    expect(health[BOT]).toMatchObject({ status: 'up', polledBy: 'here' });
  });

  it('stays down after the back-off restarted its own failure count', async () => {
    const health = await indicator({
      state: 'backoff',
      consecutiveFailures: 0,
      failuresSinceSuccess: 3,
      lastPollAt: new Date(),
    }).accounts();
    expect(health[BOT]).toMatchObject({ status: 'down', polledBy: 'here' });
    expect(health[BOT]!.reason).toContain('3 polls failed');
  });

  it('is down when no poll succeeded within staleAfterMs of the start', async () => {
    const startedAt = new Date(Date.now() - 60_000);
    const stale = await indicator({ startedAt }).accounts({ staleAfterMs: 30_000 });
    expect(stale[BOT]).toMatchObject({ status: 'down', polledBy: 'here' });
    expect(stale[BOT]!.reason).toContain('no successful poll within 30000 ms');
    const fresh = await indicator({ startedAt }).accounts({ staleAfterMs: 120_000 });
    expect(fresh[BOT]!.status).toBe('up');
  });

  it('is down when the last success is older than staleAfterMs', async () => {
    const lastPollAt = new Date(Date.now() - 60_000);
    const health = await indicator({ lastPollAt }).accounts({ staleAfterMs: 30_000 });
    expect(health[BOT]!.status).toBe('down');
  });
});
