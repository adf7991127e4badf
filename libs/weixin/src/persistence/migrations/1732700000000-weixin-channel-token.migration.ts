import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_channel_token (
      app_id text NOT NULL,
      token text,
      fetched_at timestamptz,
      expires_at timestamptz,
      fetches integer NOT NULL DEFAULT 0,
      CONSTRAINT pk_weixin_channel_token PRIMARY KEY (app_id)
    )`,
  ],
  down: ['DROP TABLE weixin_channel_token'],
};

/**
 * Creates `weixin_channel_token`: the access token of each WeChat app used by a
 * customer-service typing channel, encrypted like bot tokens, with when it was fetched, when it
 * expires and how many fetches there were. Its row lock serialises fetches across replicas.
 * `down` drops it.
 */
export class WeixinChannelToken1732700000000 extends SqlMigration(
  'WeixinChannelToken1732700000000',
  STATEMENTS,
) {}
