import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE INDEX ix_weixin_delivery_server_message ON weixin_delivery (account_id, server_message_id)
       WHERE server_message_id IS NOT NULL`,
  ],
  down: [`DROP INDEX IF EXISTS ix_weixin_delivery_server_message`],
};

/**
 * Indexes the bot's accepted messages by the server's message id
 * (`ix_weixin_delivery_server_message`), so an id-only quote of a bot message is found with one
 * index probe. (A quote of a user's message is found through `uq_weixin_inbox_message`.) `down`
 * drops the index.
 */
export class WeixinQuoteLookup1733020000000 extends SqlMigration(
  'WeixinQuoteLookup1733020000000',
  STATEMENTS,
) {}
