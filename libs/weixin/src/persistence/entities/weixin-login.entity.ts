import { Column, Entity } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';

/** One QR login (`weixin_login`), readable and steerable from any replica. */
@Entity({ name: 'weixin_login' })
export class WeixinLoginEntity {
  /** The random login id. */
  @TextIdColumn('weixin_login')
  id!: string;

  /** The replica running the login's status polls. */
  @Column({ type: 'text' })
  owner!: string;

  /** The public snapshot (no QR id, token or verify code). */
  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  /** The first snapshot and then each change (a patch), so readers replay every version. */
  @Column({ type: 'jsonb' })
  history!: Record<string, unknown>[];

  /** Grows with every change. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Whether the login ended. */
  @Column({ type: 'boolean', default: false })
  final!: boolean;

  /** The server confirmed it and the account is being stored: a cancel no longer applies. */
  @Column({ type: 'boolean', default: false })
  confirming!: boolean;

  /** A submitted verify code waiting for the owner, encrypted. */
  @Column({ name: 'verify_code_enc', type: 'text', nullable: true })
  verifyCodeEnc!: string | null;

  /** The credentials of a confirmed login started without saving, encrypted, until taken. */
  @Column({ name: 'credentials_enc', type: 'text', nullable: true })
  credentialsEnc!: string | null;

  /** The owner's hold; a login whose owner stopped renewing it is failed by the next reader. */
  @TimestampColumn('held_until')
  heldUntil!: Date;

  /** When it started (database clock). */
  @TimestampColumn('started_at', { default: () => 'now()' })
  startedAt!: Date;

  /** Last change (database clock). */
  @TimestampColumn('updated_at', { default: () => 'now()' })
  updatedAt!: Date;
}
