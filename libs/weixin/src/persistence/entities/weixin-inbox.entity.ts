import { Check, Entity, Index, Unique } from 'typeorm';
import type { WeixinMessage } from '../../protocol/index.js';
import type { InboxStatus } from '../weixin-store.types.js';
import { BigintIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import { BigintColumn, IntegerColumn, JsonbColumn, TextColumn } from './value-columns.decorator.js';

/**
 * One inbound message (`weixin_inbox`), kept until handled and then for deduplication. Its open
 * rows (pending, dead) are also listed in `weixin_inbox_open`.
 */
@Entity({ name: 'weixin_inbox' })
@Unique('uq_weixin_inbox_message', ['accountId', 'messageId'])
@Unique('uq_weixin_inbox_fingerprint', ['accountId', 'fingerprint'])
// No index names `status` or `handled_at`, so that a done mark is applied in place (HOT): open
// rows are listed in `weixin_inbox_open`, handled rows found for retention by `received_at`.
@Index('ix_weixin_inbox_received', ['receivedAt'])
@Check('ck_weixin_inbox_status', `status IN ('pending', 'done', 'dead')`)
export class WeixinInboxEntity {
  /** Row id, a bigint as a decimal string; grows in arrival order. */
  @BigintIdColumn('weixin_inbox')
  id!: string;

  /** The account id. */
  @TextColumn('account_id')
  accountId!: string;

  /** The message id (`message_id`, item `msg_id`, or `fp:<fingerprint>`). */
  @TextColumn('message_id')
  messageId!: string;

  /** Content fingerprint that catches redeliveries under a new id. */
  @TextColumn('fingerprint')
  fingerprint!: string;

  /** The sender. */
  @TextColumn('user_id')
  userId!: string;

  /** The message `seq`. */
  @BigintColumn.nullable('seq')
  seq!: string | null;

  /** The message `create_time_ms`. */
  @BigintColumn.nullable('create_time_ms')
  createTimeMs!: string | null;

  /** The whole wire message, ids as strings. */
  @JsonbColumn('payload')
  payload!: WeixinMessage;

  /** Processing state. */
  @TextColumn('status', { default: 'pending' })
  status!: InboxStatus;

  /** Failed handler attempts. */
  @IntegerColumn('attempts', { default: 0 })
  attempts!: number;

  /** The last handler error. */
  @TextColumn.nullable('last_error')
  lastError!: string | null;

  /** When the row was stored. */
  @TimestampColumn('received_at', { default: () => 'now()' })
  receivedAt!: Date;

  /** When the row became `done` or `dead`. */
  @TimestampColumn.nullable('handled_at')
  handledAt!: Date | null;
}
