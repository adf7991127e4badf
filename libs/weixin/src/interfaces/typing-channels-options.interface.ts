/**
 * A WeChat customer-service typing channel (seed 001): one Official Account or Mini Program.
 * Its access token is fetched with `appId` + `appSecret` (or supplied by `accessToken`), cached
 * in memory and in Postgres (encrypted with the module's keys), shared by every replica.
 */
export interface CustomerServiceTypingChannelOptions {
  /** The channel name used in `TypingService.start({ channel, userId })`. */
  name: string;
  /** `official-account` calls `/cgi-bin/message/custom/typing`; `mini-program` `/cgi-bin/message/custom/business/typing`. */
  kind: 'official-account' | 'mini-program';
  /** The app's AppID. */
  appId: string;
  /** The app's AppSecret (not needed with `accessToken`). */
  appSecret?: string;
  /**
   * How the token is fetched: `token` (`GET /cgi-bin/token`; each fetch invalidates the previous
   * token) or `stable_token` (`POST /cgi-bin/stable_token`).
   * @default 'stable_token'
   */
  tokenEndpoint?: 'token' | 'stable_token';
  /**
   * For an app that manages its token itself: answers the current token; called again once with
   * `{ rejected }` when WeChat answered `40001`/`42001`/`40014` for it.
   */
  accessToken?: (hint: { rejected?: string }) => Promise<string> | string;
  /** The API origin. @default 'https://api.weixin.qq.com' */
  baseUrl?: string;
}

/** A WhatsApp typing channel through NXCloud (seed 004): one app key and business number. */
export interface NxcloudTypingChannelOptions {
  /** The channel name used in `TypingService.start({ channel, userId, messageId })`. */
  name: string;
  /** The `accessKey` header. */
  accessKey: string;
  /** The secret that signs requests (never sent). */
  accessSecret: string;
  /** The body's `appkey`. */
  appKey: string;
  /** The business phone number with its country code (`business_phone`). */
  businessPhone: string;
  /** Signature algorithm (the `algorithm` header is sent for `sha256` only). @default 'md5' */
  algorithm?: 'md5' | 'sha256';
  /** The API origin. @default 'https://api2.nxcloud.com' */
  baseUrl?: string;
}

/** Typing channels besides iLink, each with its own credentials. */
export interface WeixinTypingChannelsOptions {
  /** WeChat customer-service typing (Official Accounts, Mini Programs). */
  customerService?: CustomerServiceTypingChannelOptions[];
  /** WhatsApp typing through NXCloud. */
  nxcloud?: NxcloudTypingChannelOptions[];
}
