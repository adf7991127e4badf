import { Entity } from 'typeorm';
import { ContextTokenQuotaColumns } from './context-token-quota.base.js';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TextIdColumn } from './id-columns.decorator.js';
import { UpdatedAtColumn } from './timestamp-columns.decorator.js';

/**
 * The reply quota of one context token that is no longer the user's newest
 * (`weixin_context_token`): replies recorded for an older message are sent under that message's
 * own token while it has slots and its window is open.
 */
@Entity({ name: 'weixin_context_token' })
export class WeixinContextTokenEntity extends ContextTokenQuotaColumns {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_context_token')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_context_token')
  userId!: string;

  /** The token (secret: never logged). */
  @TextIdColumn('weixin_context_token', 'context_token')
  contextToken!: string;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
