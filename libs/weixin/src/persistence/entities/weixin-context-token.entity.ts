import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/**
 * The reply quota of one context token that is no longer the user's newest
 * (`weixin_context_token`): replies recorded for an older message are sent under that message's
 * own token while it has slots and its window is open.
 */
@Entity({ name: 'weixin_context_token' })
export class WeixinContextTokenEntity {
  /** The account id. */
  @PrimaryColumn({
    name: 'account_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_context_token',
  })
  @ForeignKey(() => WeixinAccountEntity, {
    name: 'fk_weixin_context_token_account',
    onDelete: 'CASCADE',
  })
  accountId!: string;

  /** The WeChat user id. */
  @PrimaryColumn({
    name: 'user_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_context_token',
  })
  userId!: string;

  /** The token (secret: never logged). */
  @PrimaryColumn({
    name: 'context_token',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_context_token',
  })
  contextToken!: string;

  /** `create_time_ms` of the message that carried the token. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** Replies sent under the token (while it was the newest, then here). */
  @Column({ name: 'replies_used', type: 'integer', default: 0 })
  repliesUsed!: number;

  /** Whether the server refused the token as spent. */
  @Column({ name: 'retired', type: 'boolean', default: false })
  retired!: boolean;

  /** Last change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
