import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: ['ALTER TABLE weixin_user_context ADD COLUMN retired boolean NOT NULL DEFAULT false'],
  down: ['ALTER TABLE weixin_user_context DROP COLUMN retired'],
};

/**
 * `weixin_user_context.retired`: the server refused the current context token as spent. A
 * retired token is never claimed again and its slots are never given back (a send that fails
 * after another send retired the token cannot reopen it); a new token clears the mark. `down`
 * drops the column.
 */
export class WeixinLedgerRetired1732600000000 extends SqlMigration(
  'WeixinLedgerRetired1732600000000',
  STATEMENTS,
) {}
