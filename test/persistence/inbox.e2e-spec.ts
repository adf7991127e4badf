import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { LeaseLostError } from 'nestjs-weixin';
import { type InboundRecord, type LeaseGrant } from 'nestjs-weixin/internal';
import { WeixinError } from 'nestjs-weixin';
import { count, openStore, record, rows, wireText, type StoreFixture } from './store.fixture.js';

const ACCOUNT = 'bot1@im.bot';
const T0 = 1761134400000;

describe('WeixinStore inbox', () => {
  let f: StoreFixture;
  let lease: LeaseGrant;

  beforeAll(async () => {
    f = await openStore('weixin_store_inbox');
  });
  afterAll(() => f.close());
  beforeEach(async () => {
    await f.sql.query('TRUNCATE weixin_account, weixin_inbox CASCADE');
    await f.store.upsertAccount({ id: ACCOUNT, token: 'tok' });
    [lease] = (await f.store.acquireLeases('r1', 60_000)) as [LeaseGrant];
  });

  function persist(messages: InboundRecord[], cursor = 'cursor-1', epoch = lease.epoch) {
    return f.store.persistBatch({ accountId: ACCOUNT, owner: 'r1', epoch, cursor, messages });
  }

  async function inboxCount(): Promise<number> {
    return count(f.sql, 'SELECT 1 FROM weixin_inbox');
  }

  async function storedCursor(): Promise<string> {
    return (await f.store.getAccount(ACCOUNT))!.cursor;
  }

  it('stores a batch with its cursor and answers the new rows ordered by id', async () => {
    const msgs = [
      wireText('18446744073709551615', 'u1@im.wechat', 'hello', T0),
      wireText('9007199254740993', 'u2@im.wechat', 'hi', T0 + 1),
      wireText('3', 'u1@im.wechat', 'again', T0 + 2),
    ];
    const inserted = await persist(msgs.map(record));
    expect(inserted.map((r) => [r.messageId, r.userId, r.status, r.attempts])).toEqual([
      ['18446744073709551615', 'u1@im.wechat', 'pending', 0],
      ['9007199254740993', 'u2@im.wechat', 'pending', 0],
      ['3', 'u1@im.wechat', 'pending', 0],
    ]);
    const ids = inserted.map((r) => BigInt(r.id));
    expect(ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
    expect(inserted[0]!.payload).toEqual(msgs[0]);
    expect(await storedCursor()).toBe('cursor-1');

    // uint64 ids stay exact strings inside the jsonb payload.
    const raw = await rows<{ mid: string; type: string }>(
      f.sql,
      `SELECT payload->>'message_id' AS mid, jsonb_typeof(payload->'message_id') AS type
       FROM weixin_inbox ORDER BY id LIMIT 1`,
    );
    expect(raw[0]).toEqual({ mid: '18446744073709551615', type: 'string' });
    const pending = await f.store.pendingInbox(ACCOUNT, 10);
    expect(pending.map((r) => r.id)).toEqual(inserted.map((r) => r.id));
    expect(pending[0]!.payload.message_id).toBe('18446744073709551615');
  });

  it('stores ids, senders and tokens with array-literal syntax in them to the letter', async () => {
    // The batch's arrays are sent as literals this library builds: text from the wire that looks
    // like literal syntax (quotes, backslashes, braces, commas, NULL) must come back unchanged.
    const hostile = ['a"b', 'c\\d', '{e,f}', 'NULL', ' g ', '\\"}', '点,"'];
    const msgs = hostile.map((s, i) => wireText(`id${s}`, `u${s}@im.wechat`, 'x', T0 + i, `t${s}`));
    const inserted = await persist(msgs.map(record));
    expect(inserted.map((r) => [r.messageId, r.userId])).toEqual(
      hostile.map((s) => [`id${s}`, `u${s}@im.wechat`]),
    );
    const tokens = await rows<{ user_id: string; context_token: string }>(
      f.sql,
      'SELECT user_id, context_token FROM weixin_user_context ORDER BY received_at',
    );
    expect(tokens).toEqual(
      hostile.map((s) => ({ user_id: `u${s}@im.wechat`, context_token: `t${s}` })),
    );
    const marked = await f.store.markDone(
      'r1',
      inserted.map((r) => ({ id: r.id, epoch: lease.epoch })),
    );
    expect(marked.size).toBe(hostile.length);
  });

  it('dedupes on message id, on fingerprint (new-id redelivery) and inside one batch', async () => {
    const first = wireText('100', 'u1@im.wechat', 'hello', T0);
    expect(await persist([record(first)])).toHaveLength(1);

    const sameId = { ...wireText('100', 'u1@im.wechat', 'edited?', T0 + 5) };
    const newIdRedelivery = { ...first, message_id: '200', seq: 999, context_token: 'ctx-new' };
    const genuineRepeat = wireText('300', 'u1@im.wechat', 'hello', T0 + 60_000);
    const inserted = await persist(
      [sameId, newIdRedelivery, genuineRepeat, genuineRepeat].map(record),
      'cursor-2',
    );
    expect(inserted.map((r) => r.messageId)).toEqual(['300']);
    expect(await inboxCount()).toBe(2);
    expect(await storedCursor()).toBe('cursor-2');
  });

  it('keeps the stored cursor when the answer has none, and stores cursor-only batches', async () => {
    await persist([], 'cursor-A');
    expect(await storedCursor()).toBe('cursor-A');
    await persist([record(wireText('1', 'u1', 'x', T0))], '');
    expect(await storedCursor()).toBe('cursor-A');
    expect(await inboxCount()).toBe(1);
  });

  it('stores the newest context token per sender with the message time', async () => {
    await persist([
      record(wireText('1', 'u1', 'a', T0, 'tok-1')),
      record(wireText('2', 'u1', 'b', T0 + 2000, 'tok-2')),
      record(wireText('3', 'u2', 'c', T0 + 1000, 'tok-u2')),
      record(wireText('4', 'u1', 'd', T0 + 1000, 'tok-1b')),
    ]);
    expect(await f.store.getUserContext(ACCOUNT, 'u1')).toEqual({
      contextToken: 'tok-2',
      receivedAt: new Date(T0 + 2000),
      repliesUsed: 0,
    });
    expect((await f.store.getUserContext(ACCOUNT, 'u2'))!.contextToken).toBe('tok-u2');
    expect(await f.store.getUserContext(ACCOUNT, 'u3')).toBeNull();
  });

  it('a newer token resets the replies; an older or equal-time one changes nothing', async () => {
    await persist([record(wireText('1', 'u1', 'a', T0, 'tok-1'))]);
    await f.sql.query(`UPDATE weixin_user_context SET replies_used = 7`);

    await persist([record(wireText('0', 'u1', 'late', T0 - 5000, 'tok-old'))]);
    await persist([record(wireText('1b', 'u1', 'other', T0, 'tok-same-time'))]);
    expect(await f.store.getUserContext(ACCOUNT, 'u1')).toMatchObject({
      contextToken: 'tok-1',
      repliesUsed: 7,
    });

    await persist([record(wireText('2', 'u1', 'b', T0 + 1, 'tok-2'))]);
    expect(await f.store.getUserContext(ACCOUNT, 'u1')).toEqual({
      contextToken: 'tok-2',
      receivedAt: new Date(T0 + 1),
      repliesUsed: 0,
    });
  });

  it('ignores messages without a context token for the context', async () => {
    const msg = wireText('1', 'u1', 'a', T0);
    delete msg.context_token;
    await persist([record(msg)]);
    expect(await f.store.getUserContext(ACCOUNT, 'u1')).toBeNull();
    expect(await inboxCount()).toBe(1);
  });

  describe('without the lease', () => {
    const batch = () => [record(wireText('1', 'u1', 'a', T0, 'tok-1'))];

    async function expectNothingWritten(): Promise<void> {
      expect(await inboxCount()).toBe(0);
      expect(await count(f.sql, 'SELECT 1 FROM weixin_user_context')).toBe(0);
      expect(await storedCursor()).toBe('');
    }

    it('throws LeaseLostError for a stale epoch and writes nothing', async () => {
      await f.sql.query(`UPDATE weixin_lease SET expires_at = now() - interval '1 second'`);
      const [taken] = await f.store.acquireLeases('r1', 60_000);
      expect(taken!.epoch).toBe('2');
      const err = await persist(batch(), 'c', '1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LeaseLostError);
      expect(err).toBeInstanceOf(WeixinError);
      expect(err).toMatchObject({ accountId: ACCOUNT, owner: 'r1', epoch: '1' });
      await expectNothingWritten();
    });

    it('throws LeaseLostError for another owner and writes nothing', async () => {
      const err = await f.store
        .persistBatch({
          accountId: ACCOUNT,
          owner: 'r2',
          epoch: lease.epoch,
          cursor: 'c',
          messages: batch(),
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LeaseLostError);
      expect((err as Error).message).toContain('"r2"');
      await expectNothingWritten();
    });

    it('throws LeaseLostError for an expired lease, even with an empty batch', async () => {
      await f.sql.query(`UPDATE weixin_lease SET expires_at = now() - interval '1 second'`);
      await expect(persist(batch())).rejects.toBeInstanceOf(LeaseLostError);
      await expect(persist([], 'cursor-only')).rejects.toBeInstanceOf(LeaseLostError);
      await expectNothingWritten();
    });
  });

  it('on a database loss mid-statement fails and keeps no part of the batch', async () => {
    // Another session holds the account row, so the batch blocks on its cursor update after the
    // inbox and context inserts; its backend is then terminated.
    const blocker = new pg.Client({ connectionString: f.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM weixin_account WHERE id = $1 FOR UPDATE', [ACCOUNT]);
    const batch = [1, 2, 3].map((i) => record(wireText(`${i}`, `u${i}`, 'x', T0 + i)));
    const sequence = () => rows<{ v: string }>(f.sql, `SELECT nextval('weixin_inbox_id_seq') AS v`);
    const seqBefore = BigInt((await sequence())[0]!.v);
    const outcome = persist(batch, 'cursor-lost').then(
      () => 'stored',
      (e: unknown) => e,
    );

    let pid: number | undefined;
    for (let i = 0; i < 500 && pid === undefined; i++) {
      const waiting = await rows<{ pid: number }>(
        f.sql,
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE '%INSERT INTO weixin_inbox%'`,
      );
      pid = waiting[0]?.pid;
      if (pid === undefined) await sleep(10);
    }
    expect(pid).toBeDefined();
    await f.sql.query('SELECT pg_terminate_backend($1)', [pid]);
    const result = await outcome;
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(result).toBeInstanceOf(Error);
    expect(String((result as Error).message)).toMatch(/terminat/i);
    // The three inbox rows had been inserted (ids drawn) before the loss; none survived it.
    expect(BigInt((await sequence())[0]!.v) - seqBefore).toBe(4n);
    expect(await inboxCount()).toBe(0);
    expect(await count(f.sql, 'SELECT 1 FROM weixin_user_context')).toBe(0);
    expect(await storedCursor()).toBe('');

    // The store keeps working on a fresh connection; the retried batch lands whole.
    expect(await persist(batch, 'cursor-lost')).toHaveLength(3);
    expect(await storedCursor()).toBe('cursor-lost');
  });

  async function waitUntilWaiting(queryLike: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const waiting = await rows(
        f.sql,
        `SELECT 1 FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
        [`%${queryLike}%`],
      );
      if (waiting.length > 0) return;
      await sleep(10);
    }
    throw new Error(`no session waits on a lock running ${queryLike}`);
  }

  it.each([
    ['pausing', (id: string) => f.store.setAccountState(id, 'paused')],
    ['removing', (id: string) => f.store.removeAccount(id)],
  ])('%s an account while a batch is stored does not deadlock', async (_, change) => {
    // A batch share-locks the lease, then updates the account. A change of the account that
    // locked the account first and the lease second would deadlock with it; the store's
    // changes lock the lease first and wait instead.
    const blocker = new pg.Client({ connectionString: f.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM weixin_lease WHERE account_id = $1 FOR UPDATE', [ACCOUNT]);
    const stored = persist([record(wireText('1', 'u1', 'x', T0))], 'cursor-x');
    await waitUntilWaiting('INSERT INTO weixin_inbox');
    const changed = change(ACCOUNT);
    await waitUntilWaiting('weixin_lease WHERE account_id = $1 FOR UPDATE');
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(await stored).toHaveLength(1);
    expect(await changed).toBe(true);
  });

  it('pages pending rows, marks them done in one call and counts by status', async () => {
    const batch = Array.from({ length: 10 }, (_, i) =>
      record(wireText(`${i + 1}`, `u${i % 3}`, `m${i}`, T0 + i)),
    );
    const inserted = await persist(batch);
    const page1 = await f.store.pendingInbox(ACCOUNT, 4);
    const page2 = await f.store.pendingInbox(ACCOUNT, 4, page1[3]!.id);
    expect([...page1, ...page2].map((r) => r.id)).toEqual(inserted.slice(0, 8).map((r) => r.id));

    const fence = { owner: 'r1', epoch: lease.epoch };
    const marks = inserted.slice(0, 6).map((r) => ({ id: r.id, epoch: lease.epoch }));
    expect((await f.store.markDone('r1', marks)).size).toBe(6);
    expect((await f.store.markDone('r1', marks)).size).toBe(0);
    expect((await f.store.markDone('r1', [])).size).toBe(0);

    const failing = inserted[6]!.id;
    expect(await f.store.recordFailure(failing, 'boom 1', fence)).toBe(1);
    expect(await f.store.recordFailure(failing, 'boom 2', fence)).toBe(2);
    expect((await f.store.pendingInbox(ACCOUNT, 1))[0]).toMatchObject({ id: failing, attempts: 2 });
    expect(await f.store.markDead(failing, 'boom 3', fence)).toBe(true);
    const [dead] = await rows<{ status: string; last_error: string; handled: boolean }>(
      f.sql,
      'SELECT status, last_error, handled_at IS NOT NULL AS handled FROM weixin_inbox WHERE id = $1',
      [failing],
    );
    expect(dead).toEqual({ status: 'dead', last_error: 'boom 3', handled: true });
    expect(await f.store.recordFailure('999999', 'x', fence)).toBeNull();
    expect(await f.store.recordFailure(failing, 'after death', fence)).toBeNull();

    expect(await f.store.inboxCounts(ACCOUNT)).toEqual({ pending: 3, done: 6, dead: 1 });
    expect(await f.store.inboxCounts('other')).toEqual({ pending: 0, done: 0, dead: 0 });
    expect(await f.store.inboxCounts()).toEqual({ pending: 3, done: 6, dead: 1 });
    expect((await f.store.pendingInbox(ACCOUNT, 100)).map((r) => r.id)).toEqual(
      inserted.slice(7).map((r) => r.id),
    );
  });

  it('prunes handled rows older than the given age, never pending ones', async () => {
    const inserted = await persist(
      [1, 2, 3].map((i) => record(wireText(`${i}`, 'u1', `m${i}`, T0 + i))),
    );
    await f.store.markDone(
      'r1',
      inserted.slice(0, 2).map((r) => ({ id: r.id, epoch: lease.epoch })),
    );
    await f.sql.query(
      `UPDATE weixin_inbox
       SET received_at = now() - interval '3 days', handled_at = now() - interval '2 days'
       WHERE id = $1`,
      [inserted[0]!.id],
    );
    expect(await f.store.pruneInbox(24 * 3600_000)).toBe(1);
    expect(await f.store.inboxCounts(ACCOUNT)).toEqual({ pending: 1, done: 1, dead: 0 });
  });
  it('fences done, failure and dead-letter writes by the lease epoch', async () => {
    const [a, b, c] = await persist(
      [1, 2, 3].map((i) => record(wireText(`${i}`, 'u1', `m${i}`, T0 + i))),
    );
    const stale = { owner: 'r1', epoch: lease.epoch };
    // The lease expires and replica r2 takes it over (a new epoch); r1 is still alive.
    await f.sql.query(`UPDATE weixin_lease SET expires_at = now() WHERE account_id = $1`, [
      ACCOUNT,
    ]);
    const [taken] = (await f.store.acquireLeases('r2', 60_000)) as [LeaseGrant];
    expect(BigInt(taken.epoch)).toBe(BigInt(lease.epoch) + 1n);

    expect((await f.store.markDone('r1', [{ id: a!.id, epoch: stale.epoch }])).size).toBe(0);
    expect(await f.store.recordFailure(b!.id, 'boom', stale)).toBeNull();
    expect(await f.store.markDead(c!.id, 'boom', stale)).toBe(false);
    // Even with the new epoch, only its owner may write.
    expect((await f.store.markDone('r1', [{ id: a!.id, epoch: taken.epoch }])).size).toBe(0);
    const untouched = await rows<{ status: string; attempts: number }>(
      f.sql,
      'SELECT status, attempts FROM weixin_inbox ORDER BY id',
    );
    expect(untouched).toEqual([
      { status: 'pending', attempts: 0 },
      { status: 'pending', attempts: 0 },
      { status: 'pending', attempts: 0 },
    ]);

    const fresh = { owner: 'r2', epoch: taken.epoch };
    expect((await f.store.markDone('r2', [{ id: a!.id, epoch: fresh.epoch }])).size).toBe(1);
    expect(await f.store.recordFailure(b!.id, 'boom', fresh)).toBe(1);
    expect(await f.store.markDead(c!.id, 'boom', fresh)).toBe(true);
  });
});
