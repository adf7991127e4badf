import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `weixin_channel_token`: the access token of each WeChat app used by a
 * customer-service typing channel, encrypted like bot tokens, with when it was fetched, when it
 * expires and how many fetches there were. Its row lock serialises fetches across replicas.
 * `down` drops it.
 */
export class WeixinChannelToken1732700000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinChannelToken1732700000000';

  /** Creates the table. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE weixin_channel_token (
      app_id text NOT NULL,
      token text,
      fetched_at timestamptz,
      expires_at timestamptz,
      fetches integer NOT NULL DEFAULT 0,
      CONSTRAINT pk_weixin_channel_token PRIMARY KEY (app_id)
    )`);
  }

  /** Drops the table. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE weixin_channel_token');
  }
}
