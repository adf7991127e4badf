import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_conversation (
      account_id text NOT NULL,
      user_id text NOT NULL,
      scene text NOT NULL,
      step integer NOT NULL,
      state jsonb NOT NULL,
      expires_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_weixin_conversation PRIMARY KEY (account_id, user_id),
      CONSTRAINT fk_weixin_conversation_account FOREIGN KEY (account_id)
        REFERENCES weixin_account (id) ON DELETE CASCADE,
      CONSTRAINT ck_weixin_conversation_step CHECK (step > 0)
    )`,
    'CREATE INDEX ix_weixin_conversation_expiry ON weixin_conversation (expires_at)',
  ],
  down: ['DROP TABLE weixin_conversation'],
};

/**
 * Creates `weixin_conversation`: per account and user, the wizard and step the user's next
 * message goes to, its JSON state and its timeout. `down` drops it.
 */
export class WeixinConversation1733030000000 extends SqlMigration(
  'WeixinConversation1733030000000',
  STATEMENTS,
) {}
