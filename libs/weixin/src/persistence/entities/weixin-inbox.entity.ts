import { Check, Column, Entity, Index, Unique } from 'typeorm';
import type { WeixinMessage } from '../../protocol/index.js';
import type { InboxStatus } from '../weixin-store.types.js';
import { BigintIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';

/** One inbound message (`weixin_inbox`), kept until handled and then for deduplication. */
@Entity({ name: 'weixin_inbox' })
@Unique('uq_weixin_inbox_message', ['accountId', 'messageId'])
@Unique('uq_weixin_inbox_fingerprint', ['accountId', 'fingerprint'])
@Index('ix_weixin_inbox_pending', ['accountId', 'id'], { where: `status = 'pending'` })
@Index('ix_weixin_inbox_handled', ['handledAt'], { where: `status = 'done'` })
@Index('ix_weixin_inbox_dead', ['accountId', 'id'], { where: `status = 'dead'` })
@Check('ck_weixin_inbox_status', `status IN ('pending', 'done', 'dead')`)
export class WeixinInboxEntity {
  /** Row id, a bigint as a decimal string; grows in arrival order. */
  @BigintIdColumn('weixin_inbox')
  id!: string;

  /** The account id. */
  @Column({ name: 'account_id', type: 'text' })
  accountId!: string;

  /** The message id (`message_id`, item `msg_id`, or `fp:<fingerprint>`). */
  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  /** Content fingerprint that catches redeliveries under a new id. */
  @Column({ type: 'text' })
  fingerprint!: string;

  /** The sender. */
  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  /** The message `seq`. */
  @Column({ type: 'bigint', nullable: true })
  seq!: string | null;

  /** The message `create_time_ms`. */
  @Column({ name: 'create_time_ms', type: 'bigint', nullable: true })
  createTimeMs!: string | null;

  /** The whole wire message, ids as strings. */
  @Column({ type: 'jsonb' })
  payload!: WeixinMessage;

  /** Processing state. */
  @Column({ type: 'text', default: 'pending' })
  status!: InboxStatus;

  /** Failed handler attempts. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The last handler error. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When the row was stored. */
  @TimestampColumn('received_at', { default: () => 'now()' })
  receivedAt!: Date;

  /** When the row became `done` or `dead`. */
  @TimestampColumn('handled_at', { nullable: true })
  handledAt!: Date | null;
}
