import { WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { useSchemaDatabase } from '../support/schema-database.js';

describe('outbound migration', () => {
  const db = useSchemaDatabase('outbound_schema');

  it('creates the delivery and breaker tables that the entities mirror exactly', async () => {
    await db.ds.runMigrations();
    const log = await db.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
    const r = await db.sql.query<{ indexname: string; indexdef: string }>(
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
    await db.sql.query(`INSERT INTO weixin_account (id, token_enc) VALUES ('a', 'x')`);
    await expect(
      db.sql.query(
        `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
         VALUES ('a', 'u', 1, 'text', 'lost', 'c')`,
      ),
    ).rejects.toThrow(/ck_weixin_delivery_state/);
    await db.sql.query(
      `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
       VALUES ('a', 'u', 1, 'progress', 'accepted', 'c')`,
    );
    await expect(
      db.sql.query(
        `INSERT INTO weixin_delivery (account_id, user_id, seq, kind, state, client_id)
         VALUES ('a', 'u', 1, 'sticker', 'accepted', 'c')`,
      ),
    ).rejects.toThrow(/ck_weixin_delivery_kind/);
    await db.sql.query(`DELETE FROM weixin_delivery`);
    await db.sql.query(`DELETE FROM weixin_account`);
  });

  it('goes down and up again', async () => {
    const names = WEIXIN_MIGRATIONS.map((m) => new m().name);
    for (let i = names.length - 1; i >= 0; i--) await db.ds.undoLastMigration();
    await db.ds.runMigrations();
    const { rows } = await db.sql.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_name IN ('weixin_delivery', 'weixin_send_breaker') ORDER BY 1`,
    );
    expect(rows.map((row) => row.t)).toEqual(['weixin_delivery', 'weixin_send_breaker']);
  });
});
