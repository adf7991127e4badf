import { Entity } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import { IntegerColumn, TextColumn } from './value-columns.decorator.js';

/** The access token of a WeChat app used for customer-service typing (`weixin_channel_token`). */
@Entity({ name: 'weixin_channel_token' })
export class WeixinChannelTokenEntity {
  /** The AppID. */
  @TextIdColumn('weixin_channel_token', 'app_id')
  appId!: string;

  /** The access token, encrypted by `TokenCipher` (`v1:<keyId>:<base64>`); null before the first fetch. */
  @TextColumn.nullable('token')
  token!: string | null;

  /** When it was fetched. */
  @TimestampColumn.nullable('fetched_at')
  fetchedAt!: Date | null;

  /** When it expires (`expires_in` after the fetch). */
  @TimestampColumn.nullable('expires_at')
  expiresAt!: Date | null;

  /** How many times a token was fetched for the app. */
  @IntegerColumn('fetches', { default: 0 })
  fetches!: number;
}
