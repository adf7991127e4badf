import { Check, Column, Entity } from 'typeorm';
import type { WeixinAccountState } from '../weixin-store.types.js';
import { TextIdColumn } from './id-columns.decorator.js';
import {
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
} from './timestamp-columns.decorator.js';

/** A bot account (`weixin_account`). The bot token is stored encrypted in `tokenEnc`. */
@Entity({ name: 'weixin_account' })
@Check('ck_weixin_account_state', `state IN ('active', 'paused', 'needs_relogin')`)
export class WeixinAccountEntity {
  /** The iLink bot id. */
  @TextIdColumn('weixin_account')
  id!: string;

  /** The bot token, encrypted by `TokenCipher` (`v1:<keyId>:<base64>`). */
  @Column({ name: 'token_enc', type: 'text' })
  tokenEnc!: string;

  /** API base URL of this account. */
  @Column({ name: 'base_url', type: 'text', nullable: true })
  baseUrl!: string | null;

  /** CDN base URL of this account. */
  @Column({ name: 'cdn_base_url', type: 'text', nullable: true })
  cdnBaseUrl!: string | null;

  /** The WeChat user who scanned the login QR. */
  @Column({ name: 'owner_user_id', type: 'text', nullable: true })
  ownerUserId!: string | null;

  /** Lifecycle state. */
  @Column({ type: 'text', default: 'active' })
  state!: WeixinAccountState;

  /** The stored `get_updates_buf`. */
  @Column({ type: 'text', default: '' })
  cursor!: string;

  /** When a poll last succeeded. */
  @TimestampColumn('last_poll_at', { nullable: true })
  lastPollAt!: Date | null;

  /** The last poll or session error. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Row creation time. */
  @CreatedAtColumn()
  createdAt!: Date;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
