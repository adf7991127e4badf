import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** The `ret -2` send breaker of one account (`weixin_send_breaker`), shared by all replicas. */
@Entity({ name: 'weixin_send_breaker' })
export class WeixinSendBreakerEntity {
  /** The account id. */
  @PrimaryColumn({
    name: 'account_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_send_breaker',
  })
  @ForeignKey(() => WeixinAccountEntity, {
    name: 'fk_weixin_send_breaker_account',
    onDelete: 'CASCADE',
  })
  accountId!: string;

  /** Sends queue instead of calling the server until then (database clock). */
  @Column({ name: 'open_until', type: 'timestamptz' })
  openUntil!: Date;

  /** Why it last opened. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** How many times it opened. */
  @Column({ type: 'integer', default: 1 })
  opened!: number;

  /** Last change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
