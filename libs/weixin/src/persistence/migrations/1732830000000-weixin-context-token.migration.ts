import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_context_token (
      account_id text NOT NULL,
      user_id text NOT NULL,
      context_token text NOT NULL,
      received_at timestamptz NOT NULL,
      replies_used integer NOT NULL DEFAULT 0,
      retired boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_weixin_context_token PRIMARY KEY (account_id, user_id, context_token),
      CONSTRAINT fk_weixin_context_token_account FOREIGN KEY (account_id)
        REFERENCES weixin_account (id) ON DELETE CASCADE
    )`,
  ],
  down: ['DROP TABLE weixin_context_token'],
};

/**
 * `weixin_context_token`: the reply quota of context tokens that are no longer a user's newest,
 * so that replies recorded for older messages go out under their own message's token (each token
 * has its own 10 replies) instead of all waiting on the newest one. `down` drops the table.
 */
export class WeixinContextToken1732830000000 extends SqlMigration(
  'WeixinContextToken1732830000000',
  STATEMENTS,
) {}
