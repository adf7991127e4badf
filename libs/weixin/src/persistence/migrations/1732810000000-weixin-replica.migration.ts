import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_replica (
      id text NOT NULL,
      max_accounts integer,
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_weixin_replica PRIMARY KEY (id)
    )`,
  ],
  down: ['DROP TABLE weixin_replica'],
};

/**
 * Creates `weixin_replica`: one heartbeat row per polling replica (its id, its `maxAccounts` and
 * when the heartbeat expires), so live replicas know each other and share the accounts fairly.
 * `down` drops it.
 */
export class WeixinReplica1732810000000 extends SqlMigration(
  'WeixinReplica1732810000000',
  STATEMENTS,
) {}
