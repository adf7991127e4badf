import { TimestampColumn } from './timestamp-columns.decorator.js';
import { BooleanColumn, IntegerColumn } from './value-columns.decorator.js';

/**
 * The reply quota of one context token, the columns `weixin_user_context` (the user's newest
 * token) and `weixin_context_token` (older tokens) share.
 */
export abstract class ContextTokenQuotaColumns {
  /** `create_time_ms` of the message that carried the token. */
  @TimestampColumn('received_at')
  receivedAt!: Date;

  /** Replies sent under the token. */
  @IntegerColumn('replies_used', { default: 0 })
  repliesUsed!: number;

  /** Whether the server refused the token as spent: no more claims, no slots given back. */
  @BooleanColumn('retired', { default: false })
  retired!: boolean;
}
