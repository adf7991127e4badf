import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { openSchemaDatabase, type SchemaDatabase } from '../support/schema-database.js';

describe('weixin_typing_ticket migration', () => {
  let ds: DataSource;
  let sql: pg.Client;

  const hasTable = async (): Promise<boolean> =>
    (await sql.query(`SELECT to_regclass('public.weixin_typing_ticket') AS t`)).rows[0].t !== null;

  let db: SchemaDatabase;

  beforeAll(async () => {
    db = await openSchemaDatabase('typing_migration_e2e');
    ({ ds, sql } = db);
  });

  afterAll(async () => {
    await db.close();
  });

  it('creates the table, and its entity mirrors it exactly', async () => {
    const pending = async (): Promise<string[]> =>
      (await ds.driver.createSchemaBuilder().log()).upQueries
        .map((q) => q.query)
        .filter((q) => q.includes('weixin_typing_ticket'));
    expect((await pending()).length).toBeGreaterThan(0);
    await ds.runMigrations();
    expect(await hasTable()).toBe(true);
    const log = await ds.driver.createSchemaBuilder().log();
    expect(
      log.upQueries.map((q) => q.query).filter((q) => q.includes('weixin_typing_ticket')),
    ).toEqual([]);
  });

  it('deletes the tickets of a removed account', async () => {
    await sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ('gone@im.bot', 'x')`);
    await sql.query(
      `INSERT INTO weixin_typing_ticket (account_id, user_id, ticket, fetched_at, expires_at)
       VALUES ('gone@im.bot', 'u', 't', now(), now() + interval '1 hour')`,
    );
    await sql.query(`DELETE FROM weixin_account WHERE id = 'gone@im.bot'`);
    expect((await sql.query('SELECT count(*)::int AS n FROM weixin_typing_ticket')).rows[0].n).toBe(
      0,
    );
  });

  it('goes down and up again', async () => {
    // Migrations added after this one are undone first.
    for (let i = 0; i < WEIXIN_MIGRATIONS.length && (await hasTable()); i++) {
      await ds.undoLastMigration();
    }
    expect(await hasTable()).toBe(false);
    await ds.runMigrations();
    expect(await hasTable()).toBe(true);
  });
});
