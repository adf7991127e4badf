import { DeadLetterSql, DeliverySql, InboxSql } from 'nestjs-weixin/internal';
import { openStore, type StoreFixture } from './store.fixture.js';

/** Users of one busy account, and as many stored messages and sent records. */
const USERS = 20_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The nodes of `node`'s plan that read `relation` (not the ones that write it). */
function scansOf(node: PlanNode, relation: string, out: PlanNode[] = []): PlanNode[] {
  if (node['Relation Name'] === relation && node['Node Type'].endsWith('Scan')) out.push(node);
  for (const child of node.Plans ?? []) scansOf(child, relation, out);
  return out;
}

/** The indexes `node`'s plan reads. */
function indexesOf(node: PlanNode, out: string[] = []): string[] {
  if (node['Index Name']) out.push(node['Index Name']);
  for (const child of node.Plans ?? []) indexesOf(child, out);
  return out;
}

/**
 * The batched statements of the hot paths reach the rows of a batch by index, one probe per row,
 * whatever else the tables hold: their cost grows with the batch, not with the users or messages
 * stored. Checked on both plans a prepared statement may run (the custom one of its first
 * executions, then the generic one), with the statistics of a busy account: 20,000 users and as
 * many messages and sent records.
 */
describe('plans of the batched statements', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStore('weixin_batch_plans');
    await f.sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ('bot-a', 'x')`);
    await f.sql.query(
      `INSERT INTO weixin_user_context (account_id, user_id, context_token, received_at)
       SELECT 'bot-a', 'user' || g || '@im.wechat', 'token' || g, now()
       FROM generate_series(1, $1::int) AS g`,
      [USERS],
    );
    await f.sql.query(
      `INSERT INTO weixin_inbox (account_id, message_id, fingerprint, user_id, payload, status)
       SELECT 'bot-a', 'm' || g, 'f' || g, 'user' || (g % 100) || '@im.wechat', '{}'::jsonb,
         CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'done' END
       FROM generate_series(1, $1::int) AS g`,
      [USERS],
    );
    await f.sql.query(
      `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, text, client_id)
       SELECT 'bot-a', 'user' || (g % 100) || '@im.wechat', 1, 'text', 'accepted', 'hi', 'c' || g
       FROM generate_series(1, $1::int) AS g`,
      [USERS],
    );
    await f.sql.query(
      'ANALYZE weixin_user_context, weixin_inbox, weixin_inbox_open, weixin_delivery',
    );
  });
  afterAll(() => f.close());

  /**
   * The plans of `sql` a prepared statement may run: the custom one for `values` (the first
   * executions) and the generic one (parameter types from the statement's casts).
   */
  async function plans(sql: string, values: unknown[]): Promise<PlanNode[]> {
    const custom = await f.sql.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
      text: `EXPLAIN (FORMAT JSON) ${sql}`,
      values,
    });
    await f.sql.query(`PREPARE plan_under_test AS ${sql}`);
    try {
      await f.sql.query('SET plan_cache_mode = force_generic_plan');
      const nulls = values.map(() => 'NULL').join(', ');
      const generic = await f.sql.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
        `EXPLAIN (FORMAT JSON) EXECUTE plan_under_test(${nulls})`,
      );
      return [custom.rows[0]!['QUERY PLAN'][0]!.Plan, generic.rows[0]!['QUERY PLAN'][0]!.Plan];
    } finally {
      await f.sql.query('RESET plan_cache_mode');
      await f.sql.query('DEALLOCATE plan_under_test');
    }
  }

  /** 30 users of `bot-a`, as in one batch. */
  const BATCH = Array.from({ length: 30 }, (_, i) => `user${i + 1}@im.wechat`);
  const each = <T>(value: (i: number) => T): T[] => BATCH.map((_, i) => value(i));

  /** Claims of one slot for each user, with one text row each, and no outcome. */
  const claimValues = [
    each((i) => i),
    each(() => 'bot-a'),
    BATCH,
    each(() => null),
    each(() => 1),
    each(() => 10),
    each(() => 86_400_000),
    each((i) => i),
    each(() => 1),
    each(() => 'text'),
    each(() => 'sending'),
    each(() => 'hi'),
    each(() => null),
    each(() => 1),
    each(() => 1),
    each((i) => `client${i}`),
    each(() => null),
    each(() => null),
    ...Array.from({ length: 9 }, () => []),
  ];
  /** A poll's batch: one message from each user, each with a new context token. */
  const batchValues = [
    'bot-a',
    'replica',
    '1',
    'cursor',
    each((i) => `new${i}`),
    each((i) => `newfp${i}`),
    BATCH,
    each((i) => i),
    each(() => Date.now()),
    each((i) => `newtoken${i}`),
    JSON.stringify(each(() => ({}))),
  ];

  it.each([
    ['the send path’s claims and outcomes', DeliverySql.claimAndSettleBatch, claimValues],
    ['the inbox batch’s context tokens', InboxSql.persistBatch, batchValues],
  ])('%s probe weixin_user_context by (account, user)', async (_, sql, values) => {
    for (const plan of await plans(sql, values)) {
      const scans = scansOf(plan, 'weixin_user_context');
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) {
        // One probe per row of the batch, joined on its (account, user): not `= ANY` lists of
        // accounts and users, which the planner costs as their cross product and may then trade
        // for a scan of every user's row (seen with 20,000 users: 5 ms per batch).
        expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
        expect(scan['Index Cond']).toContain('user_id');
        expect(scan['Index Cond']).not.toContain('ANY');
      }
    }
  });

  it('the send path’s outcomes probe weixin_delivery by row id', async () => {
    // No claim, 30 outcomes of stored records.
    const outcomes = [
      ...Array.from({ length: 18 }, () => []),
      each((i) => String(100 * (i + 1))),
      each(() => 'accepted'),
      each((i) => `server${i}`),
      each(() => 0),
      each(() => null),
      each(() => null),
      each(() => null),
      each(() => 1),
      each(() => 60_000),
    ];
    for (const plan of await plans(DeliverySql.claimAndSettleBatch, outcomes)) {
      const scans = scansOf(plan, 'weixin_delivery');
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
    }
  });

  it.each([
    ['the pending sweep', InboxSql.pending, ['bot-a', 100, null], 'pk_weixin_inbox_open'],
    [
      'the dead-letter list',
      DeadLetterSql.list,
      ['bot-a', null, null, 50],
      'ix_weixin_inbox_open_dead',
    ],
  ])('%s reads open rows by index, then each inbox row by id', async (_, sql, values, index) => {
    // 2,000 of the 20,000 rows are pending (none dead), listed in weixin_inbox_open by the
    // insert trigger.
    for (const plan of await plans(sql, values)) {
      const open = scansOf(plan, 'weixin_inbox_open');
      expect(open.map((scan) => scan['Node Type'])).toEqual([
        expect.stringMatching(/^Index (Only )?Scan$/),
      ]);
      expect(open[0]!['Index Name']).toBe(index);
      const inbox = scansOf(plan, 'weixin_inbox');
      expect(inbox.length).toBeGreaterThan(0);
      for (const scan of inbox) {
        // A probe by the open row's id, not a walk along the primary key (a merge join).
        expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
        expect(scan['Index Cond']).toMatch(/^\(id = (o|weixin_inbox_open)\.id\)$/);
      }
    }
  });

  it('retention finds handled rows by received_at, not by a scan of the inbox', async () => {
    // Pruning runs as an unnamed statement, planned with its values each time: the custom plan.
    const [custom] = await plans(InboxSql.prune, [86_400_000, 5_000]);
    expect(scansOf(custom!, 'weixin_inbox').map((scan) => scan['Node Type'])).not.toContain(
      'Seq Scan',
    );
    expect(indexesOf(custom!)).toContain('ix_weixin_inbox_received');
  });

  it('the done marks probe weixin_inbox by row id', async () => {
    const ids = each((i) => String(10 * (i + 1)));
    for (const plan of await plans(InboxSql.markDone, [ids, each(() => '1'), 'replica'])) {
      const scans = scansOf(plan, 'weixin_inbox');
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) {
        expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
        expect(scan['Index Cond']).toContain('id');
      }
    }
  });
});
