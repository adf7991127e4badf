import { Entity } from 'typeorm';
import { AccountIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';
import { IntegerColumn, TextColumn } from './value-columns.decorator.js';

/** The `ret -2` send breaker of one account (`weixin_send_breaker`), shared by all replicas. */
@Entity({ name: 'weixin_send_breaker' })
export class WeixinSendBreakerEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_send_breaker')
  accountId!: string;

  /** Sends queue instead of calling the server until then (database clock). */
  @TimestampColumn('open_until')
  openUntil!: Date;

  /** Why it last opened. */
  @TextColumn.nullable('reason')
  reason!: string | null;

  /** How many times it opened. */
  @IntegerColumn('opened', { default: 1 })
  opened!: number;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
