import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE INDEX ix_weixin_inbox_handled ON weixin_inbox (handled_at) WHERE status = 'done'`,
    `CREATE INDEX ix_weixin_inbox_dead ON weixin_inbox (account_id, id) WHERE status = 'dead'`,
  ],
  down: ['DROP INDEX ix_weixin_inbox_dead', 'DROP INDEX ix_weixin_inbox_handled'],
};

/**
 * Indexes for the inbox's long-lived rows: handled rows by `handled_at` (retention pruning) and
 * dead letters by account (listing, replay). `down` drops them.
 */
export class WeixinInboxRetention1732500000000 extends SqlMigration(
  'WeixinInboxRetention1732500000000',
  STATEMENTS,
) {}
