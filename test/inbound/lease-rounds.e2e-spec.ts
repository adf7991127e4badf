import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import { PollingService, WeixinAccountsService } from 'nestjs-weixin';
import { LeaseRoundRunner, WeixinStore } from 'nestjs-weixin/internal';
import { CountingHandler } from '../fixtures/counting.handler.js';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

const BURST = 200;

describe('lease rounds: coalesced for a burst of adds, renewals answer only what changed', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let db: pg.Client;
  let polling: PollingService;
  let rounds: LeaseRoundRunner;
  let accounts: WeixinAccountsService;
  let store: WeixinStore;

  // Rounds come only from the adds and refresh() here: the timer's renewals are far apart.
  const boot = useE2eBoot('lease_rounds_e2e', {
    bots: 3,
    longPollTimeoutMs: 30_000,
    app: {
      handlers: [CountingHandler],
      options: {
        polling: { longPollTimeoutMs: 30_000 },
        leases: { ttlMs: 120_000, renewIntervalMs: 60_000 },
      },
    },
  });
  beforeAll(() => {
    ({ sim, db, app } = boot);
    polling = app.get(PollingService);
    rounds = app.get(LeaseRoundRunner);
    accounts = app.get(WeixinAccountsService);
    store = app.get(WeixinStore);
  });

  const addBots = async (n: number): Promise<SimBot[]> => {
    const bots: SimBot[] = [];
    for (let i = 0; i < n; i++) bots.push(await sim.control.addBot());
    return bots;
  };

  const leaseOf = async (accountId: string) => {
    const { rows } = await db.query<{ owner: string; epoch: string }>(
      'SELECT owner, epoch::text AS epoch FROM weixin_lease WHERE account_id = $1',
      [accountId],
    );
    return rows[0];
  };

  it(`takes a burst of ${BURST} accounts added one by one in a few lease rounds`, async () => {
    const bots = await addBots(BURST);
    await rounds.idle();
    const before = rounds.roundsStarted;
    for (const bot of bots) await accounts.add({ id: bot.botId, token: bot.token });
    await polling.refresh();
    const used = rounds.roundsStarted - before;
    // Rounds that joined the one in progress took 72 rounds for these adds (and refresh() could
    // resolve before a round saw the last add); now the adds share the rounds that follow.
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThanOrEqual(15);
    expect(bots.every((b) => polling.isPolling(b.botId))).toBe(true);
  });

  it('resolves refresh() after a round that saw the account added before it', async () => {
    const bots = await addBots(30);
    // Concurrent adds, each followed by refresh(): most arrive while another add's round runs.
    const polledAfterRefresh = await Promise.all(
      bots.map(async (bot) => {
        await accounts.add({ id: bot.botId, token: bot.token });
        await polling.refresh();
        return polling.isPolling(bot.botId);
      }),
    );
    expect(polledAfterRefresh.every(Boolean)).toBe(true);
  });

  it('notices a lease taken over by another replica in the next round', async () => {
    const [taken, kept] = boot.bots as [SimBot, SimBot];
    await waitFor(() => polling.isPolling(taken.botId), 'polled here');
    const epoch = polling.status(taken.botId)!.epoch;
    // The lease expires (e.g. renewals failed for a TTL) and another replica takes it over.
    await db.query(`UPDATE weixin_lease SET expires_at = now() WHERE account_id = $1`, [
      taken.botId,
    ]);
    const grants = await store.acquireLeases('other-replica', 120_000, 1);
    expect(grants.map((g) => [g.accountId, g.epoch])).toEqual([
      [taken.botId, String(Number(epoch) + 1)],
    ]);
    expect(polling.isPolling(taken.botId)).toBe(true);

    await polling.refresh();
    expect(polling.isPolling(taken.botId)).toBe(false);
    expect(polling.status(taken.botId)).toMatchObject({ stopReason: 'lease-lost', epoch });
    expect(polling.isPolling(kept.botId)).toBe(true);
    expect(await leaseOf(taken.botId)).toEqual({ owner: 'other-replica', epoch: grants[0]!.epoch });
  });

  it('polls a lease held under its replica id without a loop, and restarts one at a new epoch', async () => {
    const [, moved, orphan] = boot.bots as [SimBot, SimBot, SimBot];
    const expire = (id: string) =>
      db.query(`UPDATE weixin_lease SET expires_at = now() WHERE account_id = $1`, [id]);
    // `orphan`: its lease held under this replica id with no loop here, as after a restart.
    await polling.stopAccount(orphan.botId, 'stopped');
    await expire(orphan.botId);
    const [orphanGrant] = await store.acquireLeases(polling.replicaId, 120_000, 1);
    expect(orphanGrant?.accountId).toBe(orphan.botId);
    // `moved`: its lease expired and taken again under this replica id, its loop on the old epoch.
    const oldEpoch = polling.status(moved.botId)!.epoch;
    await expire(moved.botId);
    const [movedGrant] = await store.acquireLeases(polling.replicaId, 120_000, 1);
    expect(movedGrant).toMatchObject({
      accountId: moved.botId,
      epoch: String(Number(oldEpoch) + 1),
    });
    expect(polling.isPolling(orphan.botId)).toBe(false);

    // Nothing is free to acquire: only the renewal's answer can start these loops.
    await polling.refresh();
    expect(polling.status(orphan.botId)).toMatchObject({ epoch: orphanGrant!.epoch });
    expect(polling.isPolling(orphan.botId)).toBe(true);
    expect(polling.status(moved.botId)).toMatchObject({ epoch: movedGrant!.epoch });
    expect(polling.isPolling(moved.botId)).toBe(true);
  });
});
