import { jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinAccountsService, WeixinUnknownAccountError } from 'nestjs-weixin';
import type { ResolvedWeixinOptions } from 'nestjs-weixin/internal';
import { openStore, rows, type StoreFixture } from './store.fixture.js';

/** Connections of the pool (10) open on the test database, besides the fixture's own client. */
async function poolConnections(f: StoreFixture): Promise<number> {
  const [r] = await rows<{ n: number }>(
    f.sql,
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND backend_type = 'client backend'`,
  );
  return r!.n;
}

describe('WeixinAccountsService.ref on Postgres: one read for concurrent callers', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStore('weixin_account_refs');
  });
  afterAll(() => f.close());
  afterEach(() => jest.restoreAllMocks());

  it('reads an expired account once for 300 concurrent sends, opening no connection', async () => {
    await f.store.upsertAccount({ id: 'bot@im.bot', token: 'bot@im.bot:t1' });
    const service = new WeixinAccountsService(
      {} as ResolvedWeixinOptions,
      f.store,
      new EventEmitter2(),
    );
    const reads = jest.spyOn(f.store, 'getAccount');
    expect((await service.ref('bot@im.bot')).token).toBe('bot@im.bot:t1');
    // What the pool holds now; a read per caller would open all 10 of its connections.
    const before = await poolConnections(f);
    expect(before).toBeLessThan(10);

    // Another replica renews the token; this one sees it once its reference expired (10 s).
    await f.store.upsertAccount({ id: 'bot@im.bot', token: 'bot@im.bot:t2' });
    const later = Date.now() + 10_001;
    jest.spyOn(Date, 'now').mockImplementation(() => later);
    const refs = await Promise.all(Array.from({ length: 300 }, () => service.ref('bot@im.bot')));

    expect(new Set(refs.map((r) => r.token))).toEqual(new Set(['bot@im.bot:t2']));
    expect(reads).toHaveBeenCalledTimes(2);
    expect(await poolConnections(f)).toBe(before);
  });

  it('answers an unknown account with its error to every concurrent caller, after one read', async () => {
    const service = new WeixinAccountsService(
      {} as ResolvedWeixinOptions,
      f.store,
      new EventEmitter2(),
    );
    const reads = jest.spyOn(f.store, 'getAccount');
    const calls = await Promise.allSettled(
      Array.from({ length: 100 }, () => service.ref('nobody@im.bot')),
    );
    for (const c of calls) {
      expect(c.status === 'rejected' && c.reason instanceof WeixinUnknownAccountError).toBe(true);
    }
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
