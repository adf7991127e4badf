import type { LeaseGrant } from 'nestjs-weixin/internal';
import { openStore, rows, type StoreFixture } from './store.fixture.js';

describe('WeixinStore leases', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStore('weixin_store_leases', 40);
  });
  afterAll(() => f.close());
  beforeEach(() => f.sql.query('TRUNCATE weixin_account, weixin_inbox CASCADE'));

  async function addAccounts(n: number, prefix = 'bot'): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
    await f.sql.query(`INSERT INTO weixin_account (id, token_enc) SELECT unnest($1::text[]), 'x'`, [
      ids,
    ]);
    return ids;
  }

  async function expireAll(): Promise<void> {
    await f.sql.query(`UPDATE weixin_lease SET expires_at = now() - interval '1 second'`);
  }

  async function leaseTable(): Promise<Record<string, { owner: string; epoch: string }>> {
    const r = await rows<{ account_id: string; owner: string; epoch: string }>(
      f.sql,
      'SELECT account_id, owner, epoch::text AS epoch FROM weixin_lease',
    );
    return Object.fromEntries(r.map((l) => [l.account_id, { owner: l.owner, epoch: l.epoch }]));
  }

  it('acquires free leases at epoch 1, with an expiry by the database clock', async () => {
    await addAccounts(3);
    const [before] = await rows<{ now: Date }>(f.sql, 'SELECT now() AS now');
    const grants = await f.store.acquireLeases('r1', 30_000);
    const [after] = await rows<{ now: Date }>(f.sql, 'SELECT now() AS now');
    expect(grants.map((g) => [g.accountId, g.epoch])).toEqual([
      ['bot0000', '1'],
      ['bot0001', '1'],
      ['bot0002', '1'],
    ]);
    for (const g of grants) {
      expect(g.expiresAt.getTime()).toBeGreaterThanOrEqual(before!.now.getTime() + 30_000);
      expect(g.expiresAt.getTime()).toBeLessThanOrEqual(after!.now.getTime() + 30_000);
    }
    expect(await f.store.acquireLeases('r2', 30_000)).toEqual([]);
    expect(await f.store.acquireLeases('r1', 30_000)).toEqual([]);
  });

  it('honours the limit', async () => {
    await addAccounts(5);
    expect((await f.store.acquireLeases('r1', 30_000, 2)).map((g) => g.accountId)).toEqual([
      'bot0000',
      'bot0001',
    ]);
    expect((await f.store.acquireLeases('r2', 30_000, 2)).map((g) => g.accountId)).toEqual([
      'bot0002',
      'bot0003',
    ]);
    expect(await f.store.acquireLeases('r3', 30_000, 0)).toEqual([]);
  });

  it('renews only the unexpired leases of the owner, in one statement', async () => {
    await addAccounts(3);
    const first = await f.store.acquireLeases('r1', 1_000, 2);
    await f.store.acquireLeases('r2', 1_000);
    await f.sql.query(
      `UPDATE weixin_lease SET expires_at = now() - interval '1 second' WHERE account_id = 'bot0001'`,
    );
    const renewed = await f.store.renewLeases('r1', 60_000);
    expect(renewed.changed.map((g) => [g.accountId, g.epoch])).toEqual([['bot0000', '1']]);
    expect(renewed.changed[0]!.expiresAt.getTime()).toBeGreaterThan(first[0]!.expiresAt.getTime());
    expect(await f.store.renewLeases('nobody', 60_000)).toEqual({ changed: [], lost: [] });
  });

  it('answers only what differs from the held leases: lost, other epoch, not held', async () => {
    await addAccounts(5);
    const held = await f.store.acquireLeases('r1', 60_000);
    const before = await f.store.getLease('bot0004');
    // Every held lease renewed at its epoch: nothing comes back, yet every expiry moved on.
    expect(await f.store.renewLeases('r1', 120_000, held)).toEqual({ changed: [], lost: [] });
    expect((await f.store.getLease('bot0004'))!.expiresAt.getTime()).toBeGreaterThan(
      before!.expiresAt.getTime(),
    );

    // bot0001 taken over by r2; bot0002 expired and taken again by r1 (epoch 2); bot0003 paused
    // (its lease expired); bot0000 not among the held ones (a lease without a loop).
    await f.sql.query(
      `UPDATE weixin_lease SET expires_at = now() - interval '1 second'
       WHERE account_id IN ('bot0001', 'bot0002')`,
    );
    await f.store.acquireLeases('r2', 60_000, 1);
    await f.store.acquireLeases('r1', 60_000, 1);
    await f.store.setAccountState('bot0003', 'paused');
    const answer = await f.store.renewLeases('r1', 60_000, held.slice(1));
    expect(answer.changed.map((g) => [g.accountId, g.epoch]).sort()).toEqual([
      ['bot0000', '1'],
      ['bot0002', '2'],
    ]);
    expect(answer.changed.every((g) => g.expiresAt.getTime() > Date.now())).toBe(true);
    expect(answer.lost.sort((a, b) => (a.accountId < b.accountId ? -1 : 1))).toEqual([
      { accountId: 'bot0001', epoch: '1' },
      { accountId: 'bot0003', epoch: '1' },
    ]);
    expect(await f.store.getLease('bot0001')).toMatchObject({ owner: 'r2', epoch: '2' });
  });

  it('renews 1,000 held leases with an empty answer in one statement', async () => {
    await addAccounts(1_000);
    const held = await f.store.acquireLeases('r1', 60_000);
    expect(held).toHaveLength(1_000);
    expect(await f.store.renewLeases('r1', 60_000, held)).toEqual({ changed: [], lost: [] });
    const [lost] = held;
    await f.store.releaseLeases('r1', [lost!.accountId]);
    expect(await f.store.renewLeases('r1', 60_000, held)).toEqual({
      changed: [],
      lost: [{ accountId: lost!.accountId, epoch: '1' }],
    });
  });

  it('matches held account ids with commas, quotes and backslashes exactly', async () => {
    const ids = [...(await addAccounts(2, 'a,"b\\ c{}')), ...(await addAccounts(1, 'plain'))];
    const held = await f.store.acquireLeases('r1', 60_000);
    expect(held.map((g) => g.accountId).sort()).toEqual([...ids].sort());
    expect(await f.store.renewLeases('r1', 60_000, held)).toEqual({ changed: [], lost: [] });
    await f.store.releaseLeases('r1', [ids[1]!]);
    expect(await f.store.renewLeases('r1', 60_000, held)).toEqual({
      changed: [],
      lost: [{ accountId: ids[1], epoch: '1' }],
    });
  });

  it('lets another replica take an expired lease over with the next epoch', async () => {
    await addAccounts(1);
    const taken0 = await f.store.acquireLeases('r1', 30_000);
    expect(await f.store.acquireLeases('r2', 30_000)).toEqual([]);

    await expireAll();
    expect(await f.store.renewLeases('r1', 30_000, taken0)).toEqual({
      changed: [],
      lost: [{ accountId: 'bot0000', epoch: '1' }],
    });
    const taken = await f.store.acquireLeases('r2', 30_000);
    expect(taken.map((g) => [g.accountId, g.epoch])).toEqual([['bot0000', '2']]);
    expect(await f.store.getLease('bot0000')).toMatchObject({ owner: 'r2', epoch: '2' });

    await expireAll();
    const back = await f.store.acquireLeases('r1', 30_000);
    expect(back.map((g) => g.epoch)).toEqual(['3']);
  });

  it('releases leases so others can take them at once', async () => {
    await addAccounts(3);
    await f.store.acquireLeases('r1', 60_000);
    expect(await f.store.releaseLeases('r1', ['bot0001'])).toEqual(['bot0001']);
    expect((await f.store.acquireLeases('r2', 60_000)).map((g) => [g.accountId, g.epoch])).toEqual([
      ['bot0001', '2'],
    ]);
    expect((await f.store.releaseLeases('r1')).sort()).toEqual(['bot0000', 'bot0002']);
    expect(await f.store.renewLeases('r1', 60_000)).toEqual({ changed: [], lost: [] });
    expect(await f.store.releaseLeases('r1')).toEqual([]);
  });

  it('does not grant leases of paused accounts, and pausing ends a held lease', async () => {
    await addAccounts(2);
    await f.store.setAccountState('bot0001', 'paused');
    expect((await f.store.acquireLeases('r1', 60_000)).map((g) => g.accountId)).toEqual([
      'bot0000',
    ]);
    await f.store.setAccountState('bot0000', 'needs_relogin', 'errcode -14');
    expect(await f.store.renewLeases('r1', 60_000)).toEqual({ changed: [], lost: [] });
    expect(await f.store.acquireLeases('r2', 60_000)).toEqual([]);

    await f.store.upsertAccount({ id: 'bot0000', token: 'relogin' });
    expect((await f.store.acquireLeases('r2', 60_000)).map((g) => [g.accountId, g.epoch])).toEqual([
      ['bot0000', '2'],
    ]);
  });

  it('never grants one account to two of many concurrent acquirers', async () => {
    const ids = await addAccounts(300);
    const owners = Array.from({ length: 30 }, (_, i) => `replica-${i}`);

    const check = (results: LeaseGrant[][], table: Record<string, { owner: string }>) => {
      const granted = new Map<string, string>();
      results.forEach((grants, i) => {
        for (const g of grants) {
          expect(granted.has(g.accountId)).toBe(false);
          granted.set(g.accountId, owners[i]!);
          expect(table[g.accountId]!.owner).toBe(owners[i]);
        }
      });
      return granted;
    };

    // Free accounts, no limit: every account goes to exactly one replica.
    let results = await Promise.all(owners.map((o) => f.store.acquireLeases(o, 60_000)));
    let granted = check(results, await leaseTable());
    expect([...granted.keys()].sort()).toEqual(ids);

    // Takeover race: all leases expired at once; every account is taken once, epoch 1 → 2.
    await expireAll();
    results = await Promise.all(owners.map((o) => f.store.acquireLeases(o, 60_000)));
    const table = await leaseTable();
    granted = check(results, table);
    expect([...granted.keys()].sort()).toEqual(ids);
    expect(new Set(Object.values(table).map((l) => l.epoch))).toEqual(new Set(['2']));

    // With a limit, rounds of racing replicas still never double and end with all taken.
    await expireAll();
    const seen = new Map<string, number>();
    for (let round = 0; round < 40 && seen.size < ids.length; round++) {
      results = await Promise.all(owners.map((o) => f.store.acquireLeases(o, 60_000, 7)));
      for (const grants of results) {
        expect(grants.length).toBeLessThanOrEqual(7);
        for (const g of grants) seen.set(g.accountId, (seen.get(g.accountId) ?? 0) + 1);
      }
    }
    expect(seen.size).toBe(ids.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const finalTable = await leaseTable();
    expect(new Set(Object.values(finalTable).map((l) => l.epoch))).toEqual(new Set(['3']));
  });
});
