import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { openSchemaDatabase, type SchemaDatabase } from '../support/schema-database.js';

describe('outbound migration', () => {
  let ds: DataSource;
  let sql: pg.Client;

  let db: SchemaDatabase;

  beforeAll(async () => {
    db = await openSchemaDatabase('outbound_schema');
    ({ ds, sql } = db);
  });

  afterAll(async () => {
    await db.close();
  });

  it('creates the delivery and breaker tables that the entities mirror exactly', async () => {
    await ds.runMigrations();
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
    const r = await sql.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'weixin_delivery' ORDER BY 1`,
    );
    const defs = Object.fromEntries(r.rows.map((row) => [row.indexname, row.indexdef]));
    expect(defs.uq_weixin_delivery_idempotency).toContain(
      'UNIQUE INDEX uq_weixin_delivery_idempotency ON public.weixin_delivery USING btree (account_id, idempotency_key, seq) WHERE (idempotency_key IS NOT NULL)',
    );
    expect(defs.ix_weixin_delivery_outbox).toContain("WHERE (state = 'queued'::text)");
    expect(defs.ix_weixin_delivery_server_message).toContain(
      '(account_id, server_message_id) WHERE (server_message_id IS NOT NULL)',
    );
    await sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ('a', 'x')`);
    await expect(
      sql.query(
        `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
         VALUES ('a', 'u', 1, 'text', 'lost', 'c')`,
      ),
    ).rejects.toThrow(/ck_weixin_delivery_state/);
    await sql.query(
      `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
       VALUES ('a', 'u', 1, 'progress', 'accepted', 'c')`,
    );
    await expect(
      sql.query(
        `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
         VALUES ('a', 'u', 1, 'sticker', 'accepted', 'c')`,
      ),
    ).rejects.toThrow(/ck_weixin_delivery_kind/);
    await sql.query(`DELETE FROM weixin_delivery`);
    await sql.query(`DELETE FROM weixin_account`);
  });

  it('goes down and up again', async () => {
    const names = WEIXIN_MIGRATIONS.map((m) => new m().name);
    for (let i = names.length - 1; i >= 0; i--) await ds.undoLastMigration();
    await ds.runMigrations();
    const { rows } = await sql.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_name IN ('weixin_delivery', 'weixin_send_breaker') ORDER BY 1`,
    );
    expect(rows.map((row) => row.t)).toEqual(['weixin_delivery', 'weixin_send_breaker']);
  });
});
