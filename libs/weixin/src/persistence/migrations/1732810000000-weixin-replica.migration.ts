import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `weixin_replica`: one heartbeat row per polling replica (its id, its `maxAccounts` and
 * when the heartbeat expires), so live replicas know each other and share the accounts fairly.
 * `down` drops it.
 */
export class WeixinReplica1732810000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinReplica1732810000000';

  /** Creates the table. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE weixin_replica (
      id text NOT NULL,
      max_accounts integer,
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_weixin_replica PRIMARY KEY (id)
    )`);
  }

  /** Drops the table. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE weixin_replica');
  }
}
