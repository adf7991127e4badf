import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The heartbeat of one polling replica (`weixin_replica`); live while `expiresAt` is ahead. */
@Entity({ name: 'weixin_replica' })
export class WeixinReplicaEntity {
  /** The replica id (`leases.replicaId`). */
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_weixin_replica' })
  id!: string;

  /** The replica's `leases.maxAccounts` (null: unlimited). */
  @Column({ name: 'max_accounts', type: 'integer', nullable: true })
  maxAccounts!: number | null;

  /** When the heartbeat expires (database clock). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
