import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The access token of a WeChat app used for customer-service typing (`weixin_channel_token`). */
@Entity({ name: 'weixin_channel_token' })
export class WeixinChannelTokenEntity {
  /** The AppID. */
  @PrimaryColumn({
    name: 'app_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_channel_token',
  })
  appId!: string;

  /** The access token, encrypted by `TokenCipher` (`v1:<keyId>:<base64>`); null before the first fetch. */
  @Column({ name: 'token', type: 'text', nullable: true })
  token!: string | null;

  /** When it was fetched. */
  @Column({ name: 'fetched_at', type: 'timestamptz', nullable: true })
  fetchedAt!: Date | null;

  /** When it expires (`expires_in` after the fetch). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** How many times a token was fetched for the app. */
  @Column({ name: 'fetches', type: 'integer', default: 0 })
  fetches!: number;
}
