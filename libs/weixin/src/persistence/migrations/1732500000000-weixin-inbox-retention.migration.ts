import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the inbox's long-lived rows: handled rows by `handled_at` (retention pruning) and
 * dead letters by account (listing, replay). `down` drops them.
 */
export class WeixinInboxRetention1732500000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinInboxRetention1732500000000';

  /** Creates the indexes. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_weixin_inbox_handled ON weixin_inbox (handled_at) WHERE status = 'done'`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_weixin_inbox_dead ON weixin_inbox (account_id, id) WHERE status = 'dead'`,
    );
  }

  /** Drops the indexes. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ix_weixin_inbox_dead');
    await queryRunner.query('DROP INDEX ix_weixin_inbox_handled');
  }
}
