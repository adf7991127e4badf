import { Entity } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import { IntegerColumn } from './value-columns.decorator.js';

/** The heartbeat of one polling replica (`weixin_replica`); live while `expiresAt` is ahead. */
@Entity({ name: 'weixin_replica' })
export class WeixinReplicaEntity {
  /** The replica id (`leases.replicaId`). */
  @TextIdColumn('weixin_replica')
  id!: string;

  /** The replica's `leases.maxAccounts` (null: unlimited). */
  @IntegerColumn.nullable('max_accounts')
  maxAccounts!: number | null;

  /** When the heartbeat expires (database clock). */
  @TimestampColumn('expires_at')
  expiresAt!: Date;
}
