import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `weixin_user_context.retired`: the server refused the current context token as spent. A
 * retired token is never claimed again and its slots are never given back (a send that fails
 * after another send retired the token cannot reopen it); a new token clears the mark. `down`
 * drops the column.
 */
export class WeixinLedgerRetired1732600000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinLedgerRetired1732600000000';

  /** Adds the column. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE weixin_user_context ADD COLUMN retired boolean NOT NULL DEFAULT false',
    );
  }

  /** Drops the column. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE weixin_user_context DROP COLUMN retired');
  }
}
