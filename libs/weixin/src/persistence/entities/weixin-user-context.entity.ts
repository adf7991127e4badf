import { Column, Entity, Index } from 'typeorm';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';

/** The reply context of one user of one account (`weixin_user_context`). */
@Entity({ name: 'weixin_user_context' })
@Index('ix_weixin_user_context_received', ['receivedAt'])
export class WeixinUserContextEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_user_context')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_user_context')
  userId!: string;

  /** The latest `context_token` of the user's messages. */
  @Column({ name: 'context_token', type: 'text' })
  contextToken!: string;

  /** `create_time_ms` of the message that carried the token. */
  @TimestampColumn('received_at')
  receivedAt!: Date;

  /** Replies sent under the token. */
  @Column({ name: 'replies_used', type: 'integer', default: 0 })
  repliesUsed!: number;

  /** Whether the server refused the token as spent: no more claims, no slots given back. */
  @Column({ name: 'retired', type: 'boolean', default: false })
  retired!: boolean;

  /** The `received_at` whose window-closing reminder was emitted (`weixin.window.closing`). */
  @TimestampColumn('reminded_for', { nullable: true })
  remindedFor!: Date | null;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
