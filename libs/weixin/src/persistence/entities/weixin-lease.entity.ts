import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** The polling lease of an account (`weixin_lease`): one replica polls it until `expiresAt`. */
@Entity({ name: 'weixin_lease' })
@Index('ix_weixin_lease_owner', ['owner'])
export class WeixinLeaseEntity {
  /** The account id. */
  @PrimaryColumn({ name: 'account_id', type: 'text', primaryKeyConstraintName: 'pk_weixin_lease' })
  @ForeignKey(() => WeixinAccountEntity, { name: 'fk_weixin_lease_account', onDelete: 'CASCADE' })
  accountId!: string;

  /** The replica holding the lease. */
  @Column({ type: 'text' })
  owner!: string;

  /** Fencing number, a bigint as a decimal string; grows on every takeover. */
  @Column({ type: 'bigint' })
  epoch!: string;

  /** Expiry by the database clock. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
