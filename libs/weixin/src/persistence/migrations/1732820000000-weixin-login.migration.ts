import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_login (
      id text NOT NULL,
      owner text NOT NULL,
      snapshot jsonb NOT NULL,
      history jsonb NOT NULL,
      version integer NOT NULL DEFAULT 1,
      final boolean NOT NULL DEFAULT false,
      confirming boolean NOT NULL DEFAULT false,
      verify_code_enc text,
      credentials_enc text,
      held_until timestamptz NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_weixin_login PRIMARY KEY (id)
    )`,
  ],
  down: ['DROP TABLE weixin_login'],
};

/**
 * Creates `weixin_login`: the QR logins in progress and recently finished, so any replica serves
 * any step of one. A row holds the login's public snapshot, the replica running it with the
 * expiry of its hold, and, encrypted and only for as long as needed, a submitted verify code and
 * the credentials of a confirmed login started without saving. `down` drops it.
 */
export class WeixinLogin1732820000000 extends SqlMigration(
  'WeixinLogin1732820000000',
  STATEMENTS,
) {}
