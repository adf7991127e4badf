import { Column, Entity } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';

/** The heartbeat of one polling replica (`weixin_replica`); live while `expiresAt` is ahead. */
@Entity({ name: 'weixin_replica' })
export class WeixinReplicaEntity {
  /** The replica id (`leases.replicaId`). */
  @TextIdColumn('weixin_replica')
  id!: string;

  /** The replica's `leases.maxAccounts` (null: unlimited). */
  @Column({ name: 'max_accounts', type: 'integer', nullable: true })
  maxAccounts!: number | null;

  /** When the heartbeat expires (database clock). */
  @TimestampColumn('expires_at')
  expiresAt!: Date;
}
