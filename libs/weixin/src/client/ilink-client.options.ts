import type { Dispatcher } from 'undici';

/** Deadlines of the client's calls in milliseconds (protocol §15, "Suggested" column). */
export interface IlinkClientTimeouts {
  /** `get_bot_qrcode`. @default 15000 */
  getBotQrcode: number;
  /** `get_qrcode_status` long poll; reaching it answers `{ status: 'wait' }`. @default 40000 */
  getQrcodeStatus: number;
  /**
   * `getupdates` when the call passes no `timeoutMs`; pass the server's `longpolling_timeout_ms`
   * plus a margin per call. Reaching it answers an empty poll. @default 40000
   */
  getUpdates: number;
  /** `sendmessage`. @default 15000 */
  sendMessage: number;
  /** `getuploadurl`. @default 15000 */
  getUploadUrl: number;
  /** `getconfig`. @default 10000 */
  getConfig: number;
  /** `sendtyping`. @default 10000 */
  sendTyping: number;
  /** `notifystart` and `notifystop`. @default 10000 */
  notify: number;
  /** One CDN upload attempt, body included. @default 120000 */
  cdnUpload: number;
  /** CDN download: until the response headers, then again as the longest pause between body chunks. @default 120000 */
  cdnDownload: number;
}

/** Tuning of the shared undici connection pool. */
export interface IlinkConnectionPoolOptions {
  /**
   * Most connections per origin; `null` = no cap, so thousands of concurrent long polls (one per
   * account) never queue behind each other.
   * @default null
   */
  connections?: number | null;
  /** How long an idle keep-alive connection is kept when the server sends no hint. @default 4000 */
  keepAliveTimeoutMs?: number;
  /** Upper bound for the server's keep-alive hint. @default 600000 */
  keepAliveMaxTimeoutMs?: number;
  /** TCP + TLS connect deadline. @default 10000 */
  connectTimeoutMs?: number;
  /** HTTP/1.1 pipelining depth per connection; 1 = none. @default 1 */
  pipelining?: number;
}

/** Options of `IlinkClient`. Every field is optional. */
export interface IlinkClientOptions {
  /** API base URL for accounts without their own, and the fixed QR login host. @default 'https://ilinkai.weixin.qq.com' */
  baseUrl?: string;
  /** CDN base URL for accounts without their own. @default 'https://novac2c.cdn.weixin.qq.com/c2c' */
  cdnBaseUrl?: string;
  /** `bot_type` query parameter of `get_bot_qrcode`. @default '3' */
  botType?: string;
  /** `SKRouteTag` header; sent only when set. @default undefined */
  routeTag?: string;
  /** `base_info.channel_version`. @default '2.4.9' */
  channelVersion?: string;
  /** `base_info.bot_agent`, sanitized to the protocol §4 grammar. @default 'NestjsWeixin/0.1.0' */
  botAgent?: string;
  /** Version packed into `iLink-App-ClientVersion` (protocol §3.3). @default '2.4.9' */
  clientVersion?: string;
  /** Per-call deadlines; missing fields keep their defaults. @default see IlinkClientTimeouts */
  timeouts?: Partial<IlinkClientTimeouts>;
  /**
   * Hosts the client may contact besides the origins of `baseUrl` and `cdnBaseUrl` (always
   * allowed with the scheme and port they are configured with): API hosts of accounts, QR
   * redirect hosts, CDN `full_url`s. Entries are `host`, `host:port`, `*.domain` (any subdomain,
   * not the domain itself) or `*.domain:port`; IPv6 as `[addr]` or `[addr]:port`. An entry you
   * list allows `http:` and `https:`; without a port it matches every port. The built-in entries
   * `*.weixin.qq.com` and `*.qq.com` allow only `https:` on port 443, also when listed here.
   * URLs with credentials (`user@host`) are always refused. Any other URL throws
   * `WeixinHostNotAllowedError` before I/O; an entry of another form throws `WeixinConfigError`
   * when the client is created.
   * @default ['*.weixin.qq.com', '*.qq.com']
   */
  allowedHosts?: string[];
  /**
   * Most bytes of a JSON answer (announced by `content-length` or received); a larger one throws
   * `IlinkMalformedResponseError` with reason `too-large`. CDN downloads use their own `maxBytes`.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number;
  /** Connection pool tuning; ignored when `dispatcher` is given. @default see IlinkConnectionPoolOptions */
  pool?: IlinkConnectionPoolOptions;
  /**
   * An undici dispatcher to use instead of the client's own pool (for proxies or tests). The client
   * does not close a dispatcher it did not create.
   * @default undefined
   */
  dispatcher?: Dispatcher;
}

/** A bot account as the client needs it for authenticated calls. */
export interface IlinkAccount {
  /** The `ilink_bot_id`; used in errors, never on the wire. */
  accountId: string;
  /** The bot token (secret). */
  token: string;
  /** The account's API base URL (`baseurl` of its login); default: the client's `baseUrl`. */
  baseUrl?: string;
  /** The account's CDN base URL; default: the client's `cdnBaseUrl`. */
  cdnBaseUrl?: string;
}

/** Per-call options every client method accepts. */
export interface IlinkCallOptions {
  /** Aborts the call; the call then rejects with an `IlinkTransportError` of kind `aborted`. */
  signal?: AbortSignal;
  /** Deadline of this call in ms, overriding `IlinkClientOptions.timeouts`. */
  timeoutMs?: number;
}

/** Options of `getQrcodeStatus`. */
export interface QrcodeStatusOptions extends IlinkCallOptions {
  /** The pairing digits the user typed (secret); sent as `verify_code`. */
  verifyCode?: string;
  /** The `redirect_host` of a `scaned_but_redirect` answer; polling then goes to that host. */
  redirectHost?: string;
}
