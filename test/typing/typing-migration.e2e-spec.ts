import { WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { useSchemaDatabase } from '../support/schema-database.js';

describe('weixin_typing_ticket migration', () => {
  const db = useSchemaDatabase('typing_migration_e2e');

  const hasTable = async (): Promise<boolean> =>
    (await db.sql.query(`SELECT to_regclass('public.weixin_typing_ticket') AS t`)).rows[0].t !==
    null;

  it('creates the table, and its entity mirrors it exactly', async () => {
    const pending = async (): Promise<string[]> =>
      (await db.ds.driver.createSchemaBuilder().log()).upQueries
        .map((q) => q.query)
        .filter((q) => q.includes('weixin_typing_ticket'));
    expect((await pending()).length).toBeGreaterThan(0);
    await db.ds.runMigrations();
    expect(await hasTable()).toBe(true);
    const log = await db.ds.driver.createSchemaBuilder().log();
    expect(
      log.upQueries.map((q) => q.query).filter((q) => q.includes('weixin_typing_ticket')),
    ).toEqual([]);
  });

  it('deletes the tickets of a removed account', async () => {
    await db.sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ('gone@im.bot', 'x')`);
    await db.sql.query(
      `INSERT INTO weixin_typing_ticket (account_id, user_id, ticket, fetched_at, expires_at)
       VALUES ('gone@im.bot', 'u', 't', now(), now() + interval '1 hour')`,
    );
    await db.sql.query(`DELETE FROM weixin_account WHERE id = 'gone@im.bot'`);
    expect(
      (await db.sql.query('SELECT count(*)::int AS n FROM weixin_typing_ticket')).rows[0].n,
    ).toBe(0);
  });

  it('goes down and up again', async () => {
    // Migrations added after this one are undone first.
    for (let i = 0; i < WEIXIN_MIGRATIONS.length && (await hasTable()); i++) {
      await db.ds.undoLastMigration();
    }
    expect(await hasTable()).toBe(false);
    await db.ds.runMigrations();
    expect(await hasTable()).toBe(true);
  });
});
