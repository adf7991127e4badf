import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';

/**
 * The reply quota of one context token that is no longer the user's newest
 * (`weixin_context_token`): replies recorded for an older message are sent under that message's
 * own token while it has slots and its window is open.
 */
@Entity({ name: 'weixin_context_token' })
export class WeixinContextTokenEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_context_token')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_context_token')
  userId!: string;

  /** The token (secret: never logged). */
  @PrimaryColumn({
    name: 'context_token',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_context_token',
  })
  contextToken!: string;

  /** `create_time_ms` of the message that carried the token. */
  @TimestampColumn('received_at')
  receivedAt!: Date;

  /** Replies sent under the token (while it was the newest, then here). */
  @Column({ name: 'replies_used', type: 'integer', default: 0 })
  repliesUsed!: number;

  /** Whether the server refused the token as spent. */
  @Column({ name: 'retired', type: 'boolean', default: false })
  retired!: boolean;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
