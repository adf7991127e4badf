import pg from 'pg';
import { DataSource } from 'typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import {
  AccountStatusStore,
  DeadLetterStore,
  InboxSql,
  markDoneParams,
  type LeaseGrant,
} from 'nestjs-weixin/internal';
import { createTestDatabase } from '../support/test-database.js';
import { openStore, record, rows, wireText, type StoreFixture } from './store.fixture.js';

const ACCOUNT = 'bot1@im.bot';
const OTHER = 'bot2@im.bot';
const T0 = 1761134400000;

/** The open rows (`weixin_inbox_open`) by message id: `pending` or `dead`. */
async function openRows(sql: pg.Client): Promise<Record<string, 'pending' | 'dead'>> {
  const r = await rows<{ message_id: string; dead: boolean }>(
    sql,
    `SELECT i.message_id, o.dead FROM weixin_inbox_open o
     JOIN weixin_inbox i ON i.id = o.id AND i.account_id = o.account_id`,
  );
  return Object.fromEntries(r.map((x) => [x.message_id, x.dead ? 'dead' : 'pending']));
}

/**
 * The done mark is an update Postgres applies in place (HOT: nothing indexed changes), and the
 * open rows it no longer finds through a partial index on `status` are kept in
 * `weixin_inbox_open` by the triggers, through every write the library makes, and from the rows
 * a database already holds when it is upgraded.
 */
describe('inbox open rows and in-place done marks', () => {
  let f: StoreFixture;
  let lease: LeaseGrant;
  let ids: Record<string, string>;

  beforeAll(async () => {
    f = await openStore('weixin_inbox_open');
    await f.store.upsertAccount({ id: ACCOUNT, token: 'tok' });
    await f.store.upsertAccount({ id: OTHER, token: 'tok' });
    const grants = await f.store.acquireLeases('r1', 60_000);
    lease = grants.find((g) => g.accountId === ACCOUNT)!;
    const inserted = await f.store.persistBatch({
      accountId: ACCOUNT,
      owner: 'r1',
      epoch: lease.epoch,
      cursor: 'c1',
      messages: ['a', 'b', 'c', 'd', 'e'].map((m, i) =>
        record(wireText(m, `u${i}@im.wechat`, m, T0 + i)),
      ),
    });
    ids = Object.fromEntries(inserted.map((r) => [r.messageId, r.id]));
  });
  afterAll(() => f.close());

  it('lists each stored row as pending, and answers them through it', async () => {
    expect(await openRows(f.sql)).toEqual({
      a: 'pending',
      b: 'pending',
      c: 'pending',
      d: 'pending',
      e: 'pending',
    });
    const pending = await f.store.pendingInbox(ACCOUNT, 10);
    expect(pending.map((r) => r.messageId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await f.store.accountsWithPending([ACCOUNT, OTHER])).toEqual([ACCOUNT]);
  });

  it('marks rows done in place (a HOT update, no new index entry) and drops them from the list', async () => {
    const client = new pg.Client({ connectionString: f.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const marked = await client.query(
        InboxSql.markDone,
        markDoneParams('r1', [
          { id: ids.a!, epoch: lease.epoch },
          { id: ids.b!, epoch: lease.epoch },
        ]),
      );
      expect(marked.rowCount).toBe(2);
      const stats = await client.query<{ updated: string; hot: string }>(
        `SELECT pg_stat_get_xact_tuples_updated('weixin_inbox'::regclass) AS updated,
                pg_stat_get_xact_tuples_hot_updated('weixin_inbox'::regclass) AS hot`,
      );
      expect(stats.rows[0]).toEqual({ updated: '2', hot: '2' });
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect(await openRows(f.sql)).toEqual({ c: 'pending', d: 'pending', e: 'pending' });
    expect(await f.store.inboxCounts(ACCOUNT)).toEqual({ pending: 3, done: 2, dead: 0 });
  });

  it('keeps a failed attempt pending, flags a dead row, and lists it pending again on replay', async () => {
    const fence = { owner: 'r1', epoch: lease.epoch };
    expect(await f.store.recordFailure(ids.c!, 'boom', fence)).toBe(1);
    expect(await f.store.markDead(ids.d!, 'boom', fence)).toBe(true);
    expect(await openRows(f.sql)).toEqual({ c: 'pending', d: 'dead', e: 'pending' });
    expect((await f.store.pendingInbox(ACCOUNT, 10)).map((r) => r.messageId)).toEqual(['c', 'e']);

    const dead = new DeadLetterStore(f.dataSource);
    expect((await dead.list({ accountId: ACCOUNT })).map((d) => d.messageId)).toEqual(['d']);
    expect((await dead.get(ids.d!))?.lastError).toBe('boom');
    expect(await dead.get(ids.c!)).toBeNull();
    const backlog = await new AccountStatusStore(f.dataSource, f.cipher).inboxBacklog();
    expect(backlog.sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { accountId: ACCOUNT, status: 'dead', count: 1 },
      { accountId: ACCOUNT, status: 'pending', count: 2 },
    ]);

    expect(await dead.replay([ids.d!])).toEqual([{ id: ids.d!, accountId: ACCOUNT }]);
    expect(await openRows(f.sql)).toEqual({ c: 'pending', d: 'pending', e: 'pending' });
    expect(await dead.list({ accountId: ACCOUNT })).toEqual([]);
  });

  it('drops the open rows of a removed account, and empties the list when the inbox is truncated', async () => {
    const grants = await f.store.acquireLeases('r1', 60_000);
    const other = grants.find((g) => g.accountId === OTHER) ?? (await f.store.getLease(OTHER))!;
    await f.store.persistBatch({
      accountId: OTHER,
      owner: 'r1',
      epoch: other.epoch,
      cursor: 'c1',
      messages: [record(wireText('x', 'u9@im.wechat', 'x', T0))],
    });
    expect(await f.store.accountsWithPending([ACCOUNT, OTHER])).toEqual(
      expect.arrayContaining([ACCOUNT, OTHER]),
    );
    expect(await f.store.removeAccount(OTHER)).toBe(true);
    expect(await openRows(f.sql)).toEqual({ c: 'pending', d: 'pending', e: 'pending' });
    await f.sql.query('TRUNCATE weixin_inbox');
    expect(await openRows(f.sql)).toEqual({});
    expect(await rows(f.sql, 'SELECT * FROM weixin_inbox_open')).toEqual([]);
  });
});

describe('upgrading a database whose inbox holds rows', () => {
  const previous = WEIXIN_MIGRATIONS.slice(0, WEIXIN_MIGRATIONS.indexOf(lastMigration()));
  let url: string;
  let sql: pg.Client;

  function lastMigration(): (typeof WEIXIN_MIGRATIONS)[number] {
    const last = WEIXIN_MIGRATIONS.find((m) => new m().name === 'WeixinInboxOpen1733040000000');
    if (!last) throw new Error('no WeixinInboxOpen1733040000000 migration');
    return last;
  }

  async function withDataSource<T>(
    migrations: typeof WEIXIN_MIGRATIONS,
    body: (ds: DataSource) => Promise<T>,
  ): Promise<T> {
    const ds = new DataSource({ type: 'postgres', url, entities: WEIXIN_ENTITIES, migrations });
    await ds.initialize();
    try {
      return await body(ds);
    } finally {
      await ds.destroy();
    }
  }

  beforeAll(async () => {
    url = await createTestDatabase('weixin_inbox_open_upgrade');
    sql = new pg.Client({ connectionString: url });
    await sql.connect();
  });
  afterAll(() => sql.end());

  it('lists the pending and dead rows already stored, and goes back down to the partial indexes', async () => {
    await withDataSource(previous, (ds) => ds.runMigrations());
    await sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ($1, 'x')`, [ACCOUNT]);
    for (const [m, status] of [
      ['p1', 'pending'],
      ['d1', 'done'],
      ['x1', 'dead'],
      ['p2', 'pending'],
    ]) {
      await sql.query(
        `INSERT INTO weixin_inbox (account_id, message_id, fingerprint, user_id, payload, status)
         VALUES ($1, $2, $2, 'u@im.wechat', '{}', $3)`,
        [ACCOUNT, m, status],
      );
    }
    await withDataSource(WEIXIN_MIGRATIONS, (ds) => ds.runMigrations());
    expect(await openRows(sql)).toEqual({ p1: 'pending', x1: 'dead', p2: 'pending' });

    const indexes = await rows<{ indexname: string; indexdef: string }>(
      sql,
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'weixin_inbox' ORDER BY 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'ix_weixin_inbox_received',
      'pk_weixin_inbox',
      'uq_weixin_inbox_fingerprint',
      'uq_weixin_inbox_message',
    ]);
    expect(indexes.filter((i) => /status|handled_at/.test(i.indexdef))).toEqual([]);
    const options = await rows<{ reloptions: string[] | null }>(
      sql,
      `SELECT reloptions FROM pg_class WHERE relname = 'weixin_inbox'`,
    );
    expect(options[0]!.reloptions).toEqual(['fillfactor=50']);

    await withDataSource(WEIXIN_MIGRATIONS, (ds) => ds.undoLastMigration());
    const after = await rows<{ indexname: string }>(
      sql,
      `SELECT indexname FROM pg_indexes WHERE tablename = 'weixin_inbox' ORDER BY 1`,
    );
    expect(after.map((i) => i.indexname)).toEqual([
      'ix_weixin_inbox_dead',
      'ix_weixin_inbox_handled',
      'ix_weixin_inbox_pending',
      'pk_weixin_inbox',
      'uq_weixin_inbox_fingerprint',
      'uq_weixin_inbox_message',
    ]);
    expect(await rows(sql, `SELECT 1 FROM pg_class WHERE relname = 'weixin_inbox_open'`)).toEqual(
      [],
    );
    // Writes after the downgrade no longer reach the dropped table.
    await sql.query(`UPDATE weixin_inbox SET status = 'done'`);
  });
});
