import { WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { useSchemaDatabase } from '../support/schema-database.js';

const TABLES = [
  'weixin_account',
  'weixin_channel_token',
  'weixin_context_token',
  'weixin_conversation',
  'weixin_delivery',
  'weixin_inbox',
  'weixin_inbox_open',
  'weixin_lease',
  'weixin_login',
  'weixin_replica',
  'weixin_send_breaker',
  'weixin_typing_ticket',
  'weixin_user_context',
];

describe('weixin migrations', () => {
  const db = useSchemaDatabase('weixin_migrations');

  async function tables(): Promise<string[]> {
    const r = await db.sql.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_schema = 'public' AND table_name LIKE 'weixin\\_%' ORDER BY 1`,
    );
    return r.rows.map((row) => row.t);
  }

  async function pendingSchemaChanges(): Promise<string[]> {
    const log = await db.ds.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  }

  it('creates every table, and the entities mirror them exactly', async () => {
    expect(await tables()).toEqual([]);
    expect((await pendingSchemaChanges()).length).toBeGreaterThan(0);

    const ran = await db.ds.runMigrations();
    expect(ran.map((m) => m.name)).toEqual([
      'WeixinInit1732200000000',
      'WeixinOutbound1732300000000',
      'WeixinTyping1732400000000',
      'WeixinInboxRetention1732500000000',
      'WeixinLedgerRetired1732600000000',
      'WeixinChannelToken1732700000000',
      'WeixinReplica1732810000000',
      'WeixinLogin1732820000000',
      'WeixinContextToken1732830000000',
      'WeixinVoiceReminder1733010000000',
      'WeixinQuoteLookup1733020000000',
      'WeixinProgressKind1733021000000',
      'WeixinConversation1733030000000',
      'WeixinInboxOpen1733040000000',
    ]);
    expect(await tables()).toEqual(TABLES);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('creates the unique keys, and no inbox index on what a done mark changes', async () => {
    const r = await db.sql.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'weixin_inbox' ORDER BY 1`,
    );
    const defs = Object.fromEntries(r.rows.map((row) => [row.indexname, row.indexdef]));
    expect(defs.uq_weixin_inbox_message).toContain('(account_id, message_id)');
    expect(defs.uq_weixin_inbox_fingerprint).toContain('(account_id, fingerprint)');
    expect(defs.ix_weixin_inbox_received).toContain('(received_at)');
    expect(r.rows.filter((row) => /status|handled_at/.test(row.indexdef))).toEqual([]);
  });

  it('rejects states and statuses outside the enumerations', async () => {
    await expect(
      db.sql.query(
        `INSERT INTO weixin_account (id, token_enc, state) VALUES ('a', 'x', 'sleeping')`,
      ),
    ).rejects.toThrow(/ck_weixin_account_state/);
  });

  it('goes down to nothing and up again', async () => {
    for (let i = 0; i < WEIXIN_MIGRATIONS.length; i++) await db.ds.undoLastMigration();
    expect(await tables()).toEqual([]);
    await db.ds.runMigrations();
    expect(await tables()).toEqual(TABLES);
  });
});
