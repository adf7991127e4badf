/** One bot account given in the module options (seeded into the database at start-up). */
export interface WeixinAccountConfig {
  /** The iLink bot id (`ilink_bot_id`, e.g. `b0f5860fdecb@im.bot`). */
  id: string;
  /** The bot token from the QR login. Stored encrypted; never logged. */
  token: string;
  /**
   * API base URL of this account (the `baseurl` of its login).
   * @default the module's `baseUrl`
   */
  baseUrl?: string;
  /**
   * CDN base URL of this account.
   * @default the module's `cdnBaseUrl`
   */
  cdnBaseUrl?: string;
}

/** Long-poll tuning. Names follow the `WEIXIN_*` adapters' `polling` options. */
export interface WeixinPollingOptions {
  /**
   * Whether this process polls at all. `false` makes a send-only replica.
   * @default true
   */
  enabled?: boolean;
  /**
   * Start polling on application bootstrap. When `false`, call `PollingService.start()`.
   * @default true
   */
  autoStart?: boolean;
  /**
   * Long-poll timeout of the first `getupdates`; later polls use the server's `longpolling_timeout_ms`.
   * @default 35000
   */
  longPollTimeoutMs?: number;
  /**
   * Margin added to the long-poll timeout for the HTTP request, so an answer sent right at the
   * server's deadline is not aborted.
   * @default 5000
   */
  timeoutMarginMs?: number;
  /**
   * Delay before the next poll after a failed one.
   * @default 2000
   */
  retryDelayMs?: number;
  /**
   * Delay after `maxConsecutiveFailures` failures in a row.
   * @default 30000
   */
  backoffDelayMs?: number;
  /**
   * Failures in a row that trigger the long back-off.
   * @default 3
   */
  maxConsecutiveFailures?: number;
  /**
   * Inbox rows waiting for dispatch above which an account stops polling until the backlog drains.
   * @default 1000
   */
  maxPendingPerAccount?: number;
}

/** How inbound messages reach the handlers. */
export interface WeixinDispatchOptions {
  /**
   * Handlers running at once across all users (one user's messages always run in order).
   * @default 32
   */
  concurrency?: number;
  /**
   * Attempts of a failing handler before the message is dead-lettered.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * First retry delay; doubles with each attempt.
   * @default 1000
   */
  retryDelayMs?: number;
  /**
   * How long shutdown waits for running handlers.
   * @default 5000
   */
  drainTimeoutMs?: number;
}

/** Lease settings: every account is polled by exactly one replica. */
export interface WeixinLeaseOptions {
  /**
   * Lease lifetime; a replica that stops renewing loses its accounts after this.
   * @default 15000
   */
  ttlMs?: number;
  /**
   * How often a replica renews its leases and takes free or expired ones.
   * @default 5000
   */
  renewIntervalMs?: number;
  /**
   * This replica's name in lease rows.
   * @default `<hostname>:<pid>:<random>`
   */
  replicaId?: string;
  /**
   * Most accounts this replica polls.
   * @default unlimited
   */
  maxAccounts?: number;
}

/** Keys that encrypt tokens at rest (AES-256-GCM). */
export interface WeixinEncryptionOptions {
  /** Key id → 32-byte key (base64 or 64 hex characters). */
  keys: Record<string, string>;
  /** The key id that encrypts new values; the others only decrypt (rotation). */
  currentKeyId: string;
}

/** Options of `WeixinModule.forRoot()` / `forRootAsync()`. */
export interface WeixinModuleOptions {
  /**
   * Bot accounts to run. More can be added at run time through `WeixinAccountsService`.
   * @default from `WEIXIN_ACCOUNT_ID` and `WEIXIN_BOT_TOKEN` when `forRoot()` has no argument
   */
  accounts?: WeixinAccountConfig[];
  /**
   * iLink API base URL (also the fixed QR-login host).
   * @default 'https://ilinkai.weixin.qq.com' (env `WEIXIN_BASE_URL`)
   */
  baseUrl?: string;
  /**
   * CDN base URL.
   * @default 'https://novac2c.cdn.weixin.qq.com/c2c' (env `WEIXIN_CDN_BASE_URL`)
   */
  cdnBaseUrl?: string;
  /**
   * iLink bot type used by QR login.
   * @default '3' (env `WEIXIN_BOT_TYPE`)
   */
  botType?: string;
  /**
   * `SKRouteTag` header value; omit unless Tencent gave you one.
   * @default none (env `WEIXIN_ROUTE_TAG`)
   */
  routeTag?: string;
  /**
   * `base_info.bot_agent` sent with every call (`Name/Version (comment)`).
   * @default 'NestjsWeixin/0.1.0'
   */
  botAgent?: string;
  /**
   * Extra host names the client may contact (besides the base URLs and `*.weixin.qq.com`, `*.qq.com`).
   * @default []
   */
  allowedHosts?: string[];
  /** Token encryption keys. Required (env `WEIXIN_ENCRYPTION_KEY` = one base64 key, id `k1`). */
  encryption?: WeixinEncryptionOptions;
  /** Long-poll tuning. */
  polling?: WeixinPollingOptions;
  /** Handler dispatch tuning. */
  dispatch?: WeixinDispatchOptions;
  /** Replica leases. */
  leases?: WeixinLeaseOptions;
}
