import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** Where one user of one account is in a wizard (`weixin_conversation`). */
@Entity({ name: 'weixin_conversation' })
@Index('ix_weixin_conversation_expiry', ['expiresAt'])
@Check('ck_weixin_conversation_step', 'step > 0')
export class WeixinConversationEntity {
  /** The account id. */
  @PrimaryColumn({
    name: 'account_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_conversation',
  })
  @ForeignKey(() => WeixinAccountEntity, {
    name: 'fk_weixin_conversation_account',
    onDelete: 'CASCADE',
  })
  accountId!: string;

  /** The WeChat user id. */
  @PrimaryColumn({
    name: 'user_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_conversation',
  })
  userId!: string;

  /** The wizard id. */
  @Column({ type: 'text' })
  scene!: string;

  /** The step the user's next message goes to (1 for the first). */
  @Column({ type: 'integer' })
  step!: number;

  /** The wizard's JSON state. */
  @Column({ type: 'jsonb' })
  state!: Record<string, unknown>;

  /** When the wizard times out, by the database clock. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Last change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
