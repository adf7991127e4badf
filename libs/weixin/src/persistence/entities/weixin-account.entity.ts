import { Check, Entity } from 'typeorm';
import type { WeixinAccountState } from '../weixin-store.types.js';
import { TextIdColumn } from './id-columns.decorator.js';
import {
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
} from './timestamp-columns.decorator.js';
import { TextColumn } from './value-columns.decorator.js';

/** A bot account (`weixin_account`). The bot token is stored encrypted in `tokenEnc`. */
@Entity({ name: 'weixin_account' })
@Check('ck_weixin_account_state', `state IN ('active', 'paused', 'needs_relogin')`)
export class WeixinAccountEntity {
  /** The iLink bot id. */
  @TextIdColumn('weixin_account')
  id!: string;

  /** The bot token, encrypted by `TokenCipher` (`v1:<keyId>:<base64>`). */
  @TextColumn('token_enc')
  tokenEnc!: string;

  /** API base URL of this account. */
  @TextColumn.nullable('base_url')
  baseUrl!: string | null;

  /** CDN base URL of this account. */
  @TextColumn.nullable('cdn_base_url')
  cdnBaseUrl!: string | null;

  /** The WeChat user who scanned the login QR. */
  @TextColumn.nullable('owner_user_id')
  ownerUserId!: string | null;

  /** Lifecycle state. */
  @TextColumn('state', { default: 'active' })
  state!: WeixinAccountState;

  /** The stored `get_updates_buf`. */
  @TextColumn('cursor', { default: '' })
  cursor!: string;

  /** When a poll last succeeded. */
  @TimestampColumn.nullable('last_poll_at')
  lastPollAt!: Date | null;

  /** The last poll or session error. */
  @TextColumn.nullable('last_error')
  lastError!: string | null;

  /** Row creation time. */
  @CreatedAtColumn()
  createdAt!: Date;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
