import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `weixin_conversation`: per account and user, the wizard and step the user's next
 * message goes to, its JSON state and its timeout. `down` drops it.
 */
export class WeixinConversation1733030000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinConversation1733030000000';

  /** Creates the table and its expiry index. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE weixin_conversation (
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
    )`);
    await queryRunner.query(
      'CREATE INDEX ix_weixin_conversation_expiry ON weixin_conversation (expires_at)',
    );
  }

  /** Drops the table. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE weixin_conversation');
  }
}
