import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_typing_ticket (
      account_id text NOT NULL,
      user_id text NOT NULL,
      ticket text NOT NULL,
      fetched_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_weixin_typing_ticket PRIMARY KEY (account_id, user_id),
      CONSTRAINT fk_weixin_typing_ticket_account FOREIGN KEY (account_id)
        REFERENCES weixin_account (id) ON DELETE CASCADE
    )`,
  ],
  down: ['DROP TABLE weixin_typing_ticket'],
};

/**
 * Creates `weixin_typing_ticket`: one `getconfig` typing ticket per (account, user) with when it
 * was fetched and when it expires, so a restarted process reuses it. `down` drops it.
 */
export class WeixinTyping1732400000000 extends SqlMigration(
  'WeixinTyping1732400000000',
  STATEMENTS,
) {}
