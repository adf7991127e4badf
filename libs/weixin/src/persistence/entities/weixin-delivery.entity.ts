import { Check, Entity, Index } from 'typeorm';
import type { MessageItem } from '../../protocol/index.js';
import type { DeliveryState, OutboundKind } from '../../interfaces/outbound.types.js';
import { AccountIdColumn } from './account-user-key.decorator.js';
import { BigintIdColumn } from './id-columns.decorator.js';
import {
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
} from './timestamp-columns.decorator.js';
import { IntegerColumn, JsonbColumn, TextColumn } from './value-columns.decorator.js';

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
  @TextColumn('user_id')
  userId!: string;

  /** Position of the message within its `send()` call, from 1. */
  @IntegerColumn('seq')
  seq!: number;

  /** Kind of the message. */
  @TextColumn('kind')
  kind!: OutboundKind;

  /** Delivery state. */
  @TextColumn('state')
  state!: DeliveryState;

  /** Text of a text message. */
  @TextColumn.nullable('text')
  text!: string | null;

  /** The item of a media message. */
  @JsonbColumn.nullable('item')
  item!: MessageItem | null;

  /** Part number of a split text. */
  @IntegerColumn('part', { default: 1 })
  part!: number;

  /** Part count of a split text. */
  @IntegerColumn('parts', { default: 1 })
  parts!: number;

  /** The caller's idempotency key. */
  @TextColumn.nullable('idempotency_key')
  idempotencyKey!: string | null;

  /** The `client_id` it is sent with. */
  @TextColumn('client_id')
  clientId!: string;

  /** The server's message id once accepted. */
  @TextColumn.nullable('server_message_id')
  serverMessageId!: string | null;

  /** The server's `ret`. */
  @IntegerColumn.nullable('ret')
  ret!: number | null;

  /** The server's `errmsg`. */
  @TextColumn.nullable('errmsg')
  errmsg!: string | null;

  /** Why it is queued, rejected or unknown, in words. */
  @TextColumn.nullable('reason')
  reason!: string | null;

  /** Why it is queued, rejected or unknown, as a code. */
  @TextColumn.nullable('cause')
  cause!: string | null;

  /** `sendmessage` calls made. */
  @IntegerColumn('attempts', { default: 0 })
  attempts!: number;

  /** Creation. */
  @CreatedAtColumn()
  createdAt!: Date;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;

  /** When a queued message expires. */
  @TimestampColumn.nullable('expires_at')
  expiresAt!: Date | null;
}
