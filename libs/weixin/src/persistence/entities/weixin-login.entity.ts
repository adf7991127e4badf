import { Entity } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import {
  BooleanColumn,
  IntegerColumn,
  JsonbColumn,
  TextColumn,
} from './value-columns.decorator.js';

/** One QR login (`weixin_login`), readable and steerable from any replica. */
@Entity({ name: 'weixin_login' })
export class WeixinLoginEntity {
  /** The random login id. */
  @TextIdColumn('weixin_login')
  id!: string;

  /** The replica running the login's status polls. */
  @TextColumn('owner')
  owner!: string;

  /** The public snapshot (no QR id, token or verify code). */
  @JsonbColumn('snapshot')
  snapshot!: Record<string, unknown>;

  /** The first snapshot and then each change (a patch), so readers replay every version. */
  @JsonbColumn('history')
  history!: Record<string, unknown>[];

  /** Grows with every change. */
  @IntegerColumn('version', { default: 1 })
  version!: number;

  /** Whether the login ended. */
  @BooleanColumn('final', { default: false })
  final!: boolean;

  /** The server confirmed it and the account is being stored: a cancel no longer applies. */
  @BooleanColumn('confirming', { default: false })
  confirming!: boolean;

  /** A submitted verify code waiting for the owner, encrypted. */
  @TextColumn.nullable('verify_code_enc')
  verifyCodeEnc!: string | null;

  /** The credentials of a confirmed login started without saving, encrypted, until taken. */
  @TextColumn.nullable('credentials_enc')
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
