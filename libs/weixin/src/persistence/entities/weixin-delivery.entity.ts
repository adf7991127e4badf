import { Check, Column, Entity, Index } from 'typeorm';
import type { MessageItem } from '../../protocol/index.js';
import type { DeliveryState, OutboundKind } from '../../interfaces/outbound.types.js';
import { AccountIdColumn } from './account-user-key.decorator.js';
import { BigintIdColumn } from './id-columns.decorator.js';
import {
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
} from './timestamp-columns.decorator.js';

/** One outbound message (`weixin_delivery`); the outbox is its `queued` rows. */
@Entity({ name: 'weixin_delivery' })
@Index('uq_weixin_delivery_idempotency', ['accountId', 'idempotencyKey', 'seq'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('ix_weixin_delivery_outbox', ['accountId', 'userId', 'id'], { where: `state = 'queued'` })
@Index('ix_weixin_delivery_expiry', ['expiresAt'], { where: `state = 'queued'` })
@Index('ix_weixin_delivery_sending', ['updatedAt'], { where: `state = 'sending'` })
@Index('ix_weixin_delivery_user', ['accountId', 'userId', 'id'])
@Index('ix_weixin_delivery_server_message', ['accountId', 'serverMessageId'], {
  where: 'server_message_id IS NOT NULL',
})
@Check(
  'ck_weixin_delivery_state',
  `state IN ('queued', 'sending', 'accepted', 'rejected', 'unknown', 'expired', 'cancelled')`,
)
@Check('ck_weixin_delivery_kind', `kind IN ('text', 'image', 'video', 'file', 'voice', 'progress')`)
export class WeixinDeliveryEntity {
  /** Row id, a bigint as a decimal string; grows in creation order. */
  @BigintIdColumn('weixin_delivery')
  id!: string;

  /** The account id. */
  @AccountIdColumn('weixin_delivery')
  accountId!: string;

  /** The recipient. */
  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  /** Position of the message within its `send()` call, from 1. */
  @Column({ type: 'integer' })
  seq!: number;

  /** Kind of the message. */
  @Column({ type: 'text' })
  kind!: OutboundKind;

  /** Delivery state. */
  @Column({ type: 'text' })
  state!: DeliveryState;

  /** Text of a text message. */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** The item of a media message. */
  @Column({ type: 'jsonb', nullable: true })
  item!: MessageItem | null;

  /** Part number of a split text. */
  @Column({ type: 'integer', default: 1 })
  part!: number;

  /** Part count of a split text. */
  @Column({ type: 'integer', default: 1 })
  parts!: number;

  /** The caller's idempotency key. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** The `client_id` it is sent with. */
  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  /** The server's message id once accepted. */
  @Column({ name: 'server_message_id', type: 'text', nullable: true })
  serverMessageId!: string | null;

  /** The server's `ret`. */
  @Column({ type: 'integer', nullable: true })
  ret!: number | null;

  /** The server's `errmsg`. */
  @Column({ type: 'text', nullable: true })
  errmsg!: string | null;

  /** Why it is queued, rejected or unknown, in words. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Why it is queued, rejected or unknown, as a code. */
  @Column({ type: 'text', nullable: true })
  cause!: string | null;

  /** `sendmessage` calls made. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Creation. */
  @CreatedAtColumn()
  createdAt!: Date;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;

  /** When a queued message expires. */
  @TimestampColumn('expires_at', { nullable: true })
  expiresAt!: Date | null;
}
