import { DataSource } from 'typeorm';
import { TokenCipher } from 'nestjs-weixin/internal';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { ConversationStore, WeixinStore } from 'nestjs-weixin/internal';
import { createTestDatabase } from '../support/test-database.js';

describe('inbox retention', () => {
  let ds: DataSource;
  let store: WeixinStore;

  beforeAll(async () => {
    ds = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('inbox_retention'),
      entities: WEIXIN_ENTITIES,
      migrations: WEIXIN_MIGRATIONS,
      migrationsRun: true,
    });
    await ds.initialize();
    store = new WeixinStore(ds, new TokenCipher({ k: Buffer.alloc(32, 1) }, 'k'));
    await store.upsertAccount({ id: 'bot@im.bot', token: 't' });
    // Received `receivedHoursAgo`, handled `hoursAgo` (never before it was received).
    const row = (i: number, status: string, hoursAgo: number | null, receivedHoursAgo = 50) =>
      ds.query(
        `INSERT INTO weixin_inbox
           (account_id, message_id, fingerprint, user_id, payload, status, received_at, handled_at)
         VALUES ('bot@im.bot', $1, $1, 'u@im.wechat', '{}', $2, now() - $4::int * interval '1 hour',
                 CASE WHEN $3::int IS NULL THEN NULL ELSE now() - $3::int * interval '1 hour' END)`,
        [`m${i}`, status, hoursAgo, receivedHoursAgo],
      );
    for (let i = 0; i < 7; i++) await row(i, 'done', 48);
    await row(10, 'done', 1);
    await row(11, 'dead', 48);
    await row(12, 'pending', null);
    await row(13, 'done', 1, 1);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('deletes old handled rows in batches and keeps recent, dead and pending ones', async () => {
    expect(await store.pruneInbox(24 * 3_600_000, 3)).toBe(7);
    const left = await ds.query<{ message_id: string }[]>(
      'SELECT message_id FROM weixin_inbox ORDER BY message_id',
    );
    // m10 was received long ago but handled an hour ago: kept as long as a recent one.
    expect(left.map((r) => r.message_id)).toEqual(['m10', 'm11', 'm12', 'm13']);
    const open = await ds.query<{ id: string; dead: boolean }[]>(
      `SELECT i.message_id AS id, o.dead FROM weixin_inbox_open o JOIN weixin_inbox i ON i.id = o.id
       ORDER BY 1`,
    );
    expect(open).toEqual([
      { id: 'm11', dead: true },
      { id: 'm12', dead: false },
    ]);
  });

  it('deletes the quota rows of older context tokens past the age, in batches, and keeps newer ones', async () => {
    const token = (name: string, hoursAgo: number) =>
      ds.query(
        `INSERT INTO weixin_context_token (account_id, user_id, context_token, received_at, replies_used)
         VALUES ('bot@im.bot', 'u@im.wechat', $1, now() - $2::int * interval '1 hour', 3)`,
        [name, hoursAgo],
      );
    for (let i = 0; i < 5; i++) await token(`old${i}`, 30);
    await token('recent', 2);
    expect(await store.pruneContextTokens(24 * 3_600_000, 2)).toBe(5);
    const left = await ds.query<{ context_token: string }[]>(
      'SELECT context_token FROM weixin_context_token',
    );
    expect(left).toEqual([{ context_token: 'recent' }]);
  });

  it('deletes conversations expired for longer than the retention and keeps the others', async () => {
    const conversation = (user: string, expiredHoursAgo: number) =>
      ds.query(
        `INSERT INTO weixin_conversation (account_id, user_id, scene, step, state, expires_at)
         VALUES ('bot@im.bot', $1, 'survey', 1, '{}', now() - $2::int * interval '1 hour')`,
        [user, expiredHoursAgo],
      );
    for (let i = 0; i < 5; i++) await conversation(`old${i}@im.wechat`, 48);
    await conversation('recent@im.wechat', 1);
    await conversation('active@im.wechat', -1);
    expect(await new ConversationStore(ds).prune(24 * 3_600_000, 2)).toBe(5);
    const left = await ds.query<{ user_id: string }[]>(
      'SELECT user_id FROM weixin_conversation ORDER BY user_id',
    );
    expect(left.map((r) => r.user_id)).toEqual(['active@im.wechat', 'recent@im.wechat']);
  });
});
