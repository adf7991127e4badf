import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `weixin_typing_ticket`: one `getconfig` typing ticket per (account, user) with when it
 * was fetched and when it expires, so a restarted process reuses it. `down` drops it.
 */
export class WeixinTyping1732400000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinTyping1732400000000';

  /** Creates the table. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE weixin_typing_ticket (
      account_id text NOT NULL,
      user_id text NOT NULL,
      ticket text NOT NULL,
      fetched_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_weixin_typing_ticket PRIMARY KEY (account_id, user_id),
      CONSTRAINT fk_weixin_typing_ticket_account FOREIGN KEY (account_id)
        REFERENCES weixin_account (id) ON DELETE CASCADE
    )`);
  }

  /** Drops the table. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE weixin_typing_ticket');
  }
}
