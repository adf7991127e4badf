import { performance } from 'node:perf_hooks';
import type { LeaseGrant } from 'nestjs-weixin/internal';
import { openStore, record, wireText, type StoreFixture } from './store.fixture.js';

// Measures the store's share of the inbound pipeline: persist a getupdates batch of 100, read
// the rows back as the dispatcher's refill does, mark them done in one call. Figures are logged,
// never asserted; the assertions check that every message went through exactly once.
const BATCH = 100;
const BATCHES_PER_ACCOUNT = 50;

describe('WeixinStore throughput (logged)', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStore('weixin_store_throughput', 20);
  });
  afterAll(() => f.close());

  async function pipeline(accountId: string, grant: LeaseGrant, base: number): Promise<void> {
    for (let b = 0; b < BATCHES_PER_ACCOUNT; b++) {
      const messages = Array.from({ length: BATCH }, (_, i) => {
        const n = base + b * BATCH + i;
        return record(
          wireText(
            `${18446744073700000000n + BigInt(n)}`,
            `user${n % 500}@im.wechat`,
            `message number ${n} with some ordinary text`,
            1761134400000 + n,
          ),
        );
      });
      const rows = await f.store.persistBatch({
        accountId,
        owner: 'bench',
        epoch: grant.epoch,
        cursor: `cursor-${b}`,
        messages,
      });
      expect(rows).toHaveLength(BATCH);
      const marks = rows.map((r) => ({ id: r.id, epoch: grant.epoch }));
      expect((await f.store.markDone('bench', marks)).size).toBe(BATCH);
    }
  }

  it.each([1, 4])('persists and acknowledges batches of 100 on %i account(s)', async (n) => {
    await f.sql.query('TRUNCATE weixin_account, weixin_inbox CASCADE');
    const ids = Array.from({ length: n }, (_, i) => `bench${i}@im.bot`);
    for (const id of ids) await f.store.upsertAccount({ id, token: 'tok' });
    const grants = await f.store.acquireLeases('bench', 600_000);

    const start = performance.now();
    await Promise.all(grants.map((g, i) => pipeline(g.accountId, g, i * 1_000_000)));
    const seconds = (performance.now() - start) / 1000;

    const total = n * BATCHES_PER_ACCOUNT * BATCH;
    expect(await f.store.inboxCounts()).toEqual({ pending: 0, done: total, dead: 0 });
    console.log(
      `store throughput, ${n} account(s): ${total} messages in ${seconds.toFixed(2)} s = ` +
        `${Math.round(total / seconds)} msg/s, ${Math.round((n * BATCHES_PER_ACCOUNT) / seconds)} batches/s`,
    );
  });
});
