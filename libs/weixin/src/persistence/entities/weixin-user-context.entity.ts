import { Column, Entity, Index } from 'typeorm';
import { ContextTokenQuotaColumns } from './context-token-quota.base.js';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';

/** The reply context of one user of one account (`weixin_user_context`). */
@Entity({ name: 'weixin_user_context' })
@Index('ix_weixin_user_context_received', ['receivedAt'])
export class WeixinUserContextEntity extends ContextTokenQuotaColumns {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_user_context')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_user_context')
  userId!: string;

  /** The latest `context_token` of the user's messages. */
  @Column({ name: 'context_token', type: 'text' })
  contextToken!: string;

  /** The `received_at` whose window-closing reminder was emitted (`weixin.window.closing`). */
  @TimestampColumn('reminded_for', { nullable: true })
  remindedFor!: Date | null;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
