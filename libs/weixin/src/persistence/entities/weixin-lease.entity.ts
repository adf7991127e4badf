import { Entity, Index } from 'typeorm';
import { AccountIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import { BigintColumn, TextColumn } from './value-columns.decorator.js';

/** The polling lease of an account (`weixin_lease`): one replica polls it until `expiresAt`. */
@Entity({ name: 'weixin_lease' })
@Index('ix_weixin_lease_owner', ['owner'])
export class WeixinLeaseEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_lease')
  accountId!: string;

  /** The replica holding the lease. */
  @TextColumn('owner')
  owner!: string;

  /** Fencing number, a bigint as a decimal string; grows on every takeover. */
  @BigintColumn('epoch')
  epoch!: string;

  /** Expiry by the database clock. */
  @TimestampColumn('expires_at')
  expiresAt!: Date;
}
