import { DeadLetterStore, type LeaseGrant } from 'nestjs-weixin/internal';
import { openStore, record, wireText, type StoreFixture } from './store.fixture.js';

const ACCOUNT = 'bot1@im.bot';
const USER = 'u1@im.wechat';
const T0 = 1761134400000;
const ROWS = 130;
const PAGE = 50;

/**
 * Row ids are bigints answered as text; lists and pages must follow the numbers (95 < 100), or
 * one user's messages run out of order and `id > afterId` paging skips or repeats rows.
 */
describe('inbox order across digit boundaries', () => {
  let f: StoreFixture;
  let ids: string[];

  beforeAll(async () => {
    f = await openStore('weixin_inbox_order');
    await f.store.upsertAccount({ id: ACCOUNT, token: 'tok' });
    const [lease] = (await f.store.acquireLeases('r1', 60_000)) as [LeaseGrant];
    // Ids 95 … 224 cross from two to three digits, where text order and number order part.
    await f.sql.query('ALTER SEQUENCE weixin_inbox_id_seq RESTART WITH 95');
    const messages = Array.from({ length: ROWS }, (_, i) =>
      record(wireText(String(1000 + i), USER, `m${i}`, T0 + i)),
    );
    const inserted = await f.store.persistBatch({
      accountId: ACCOUNT,
      owner: 'r1',
      epoch: lease.epoch,
      cursor: 'c1',
      messages,
    });
    ids = inserted.map((r) => r.id);
    expect(ids[0]).toBe('95');
    expect(ids.at(-1)).toBe(String(95 + ROWS - 1));
  });
  afterAll(() => f.close());

  async function pages<T extends { id: string }>(
    page: (afterId: string | undefined) => Promise<T[]>,
  ): Promise<string[]> {
    const listed: string[] = [];
    let afterId: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const rows = await page(afterId);
      if (rows.length === 0) break;
      listed.push(...rows.map((r) => r.id));
      afterId = rows.at(-1)!.id;
    }
    return listed;
  }

  it('answers pending rows of one user in id order, each once, page after page', async () => {
    const listed = await pages((afterId) => f.store.pendingInbox(ACCOUNT, PAGE, afterId));
    expect(listed).toEqual(ids);
    const firstPage = await f.store.pendingInbox(ACCOUNT, 10);
    expect(firstPage.map((r) => r.payload.message_id)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(1000 + i)),
    );
  });

  it('lists 130 dead letters with limit 50 and afterId exactly once each, in id order', async () => {
    await f.sql.query(
      `UPDATE weixin_inbox SET status = 'dead', last_error = 'boom', handled_at = now()`,
    );
    const deadLetters = new DeadLetterStore(f.dataSource);
    const listed = await pages((afterId) => deadLetters.list({ afterId, limit: PAGE }));
    expect(listed).toHaveLength(ROWS);
    expect(new Set(listed).size).toBe(ROWS);
    expect(listed).toEqual(ids);
    const filtered = await pages((afterId) =>
      deadLetters.list({ accountId: ACCOUNT, userId: USER, afterId, limit: PAGE }),
    );
    expect(filtered).toEqual(ids);
  });
});
