import { Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** The reply context of one user of one account (`weixin_user_context`). */
@Entity({ name: 'weixin_user_context' })
@Index('ix_weixin_user_context_received', ['receivedAt'])
export class WeixinUserContextEntity {
  /** The account id. */
  @PrimaryColumn({
    name: 'account_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_user_context',
  })
  @ForeignKey(() => WeixinAccountEntity, {
    name: 'fk_weixin_user_context_account',
    onDelete: 'CASCADE',
  })
  accountId!: string;

  /** The WeChat user id. */
  @PrimaryColumn({
    name: 'user_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_user_context',
  })
  userId!: string;

  /** The latest `context_token` of the user's messages. */
  @Column({ name: 'context_token', type: 'text' })
  contextToken!: string;

  /** `create_time_ms` of the message that carried the token. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** Replies sent under the token. */
  @Column({ name: 'replies_used', type: 'integer', default: 0 })
  repliesUsed!: number;

  /** Whether the server refused the token as spent: no more claims, no slots given back. */
  @Column({ name: 'retired', type: 'boolean', default: false })
  retired!: boolean;

  /** The `received_at` whose window-closing reminder was emitted (`weixin.window.closing`). */
  @Column({ name: 'reminded_for', type: 'timestamptz', nullable: true })
  remindedFor!: Date | null;

  /** Last change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
