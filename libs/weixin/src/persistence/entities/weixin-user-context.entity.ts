import { Entity, Index } from 'typeorm';
import { ContextTokenQuotaColumns } from './context-token-quota.base.js';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';
import { TextColumn } from './value-columns.decorator.js';

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
  @TextColumn('context_token')
  contextToken!: string;

  /** The `received_at` whose window-closing reminder was emitted (`weixin.window.closing`). */
  @TimestampColumn.nullable('reminded_for')
  remindedFor!: Date | null;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
