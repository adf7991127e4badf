import type { TypingClock } from './typing-clock.interface.js';
import type { WeixinTypingChannelsOptions } from './typing-channels-options.interface.js';
import type {
  WeixinCommandsOptions,
  WeixinConversationsOptions,
} from './weixin-chat-options.interface.js';

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
  /**
   * What to do with messages that carry a `group_id`: `'ignore'` drops them before the inbox
   * (iLink bots are 1:1: no source shows a group message, protocol §9.9); `'deliver'` stores and
   * dispatches them like direct ones, with `ctx.groupId` set (filter with `group`). Replies go to
   * the sender, not the group.
   * @default 'ignore'
   */
  groupMessages?: 'ignore' | 'deliver';
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
   * How long shutdown waits for running handlers; must be less than
   * `leases.ttlMs - leases.renewIntervalMs` (leases are not renewed meanwhile).
   * @default 5000, or `ttlMs - renewIntervalMs - 500` when that is less
   */
  drainTimeoutMs?: number;
  /**
   * How often the replica looks for rows of its accounts still waiting (e.g. dead letters an
   * operator replayed) and dispatches them.
   * @default 30000
   */
  sweepIntervalMs?: number;
}

/** How long handled inbox rows are kept. */
export interface WeixinInboxOptions {
  /**
   * Handled messages older than this are deleted (pending rows and dead letters never are). At
   * least 24 h: the server redelivers messages up to about an hour later, and dedupe needs the row.
   * @default 604800000 (7 days)
   */
  retentionMs?: number;
  /**
   * How often each replica deletes expired rows (in batches).
   * @default 3600000 (1 hour)
   */
  pruneIntervalMs?: number;
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
   * This replica's name in lease rows. It must be unique among live processes: two processes
   * with one id would both poll its accounts. A restarted process with the same id (e.g. a pod
   * name) takes its unexpired leases back at once.
   * @default `<hostname>:<pid>:<random>`
   */
  replicaId?: string;
  /**
   * Most accounts this replica polls. Live replicas share the active accounts evenly (each
   * writes a heartbeat every `renewIntervalMs`); a replica with a cap takes at most this many
   * and the others split the rest.
   * @default unlimited
   */
  maxAccounts?: number;
}

/** The outbound send pipeline: reply window, quota, text limits, outbox and `ret -2` breaker. */
export interface WeixinSendOptions {
  /**
   * Bot messages allowed per context token (each user message issues one; protocol §13).
   * @default 10
   */
  quota?: number;
  /**
   * How long after the user's last message bot messages may be sent. The official text says
   * 24 h, but proactive sends are reported refused (`ret -2` "prepare failed") after about 15 h
   * without user activity, with 11 h looking safe; the bot's own messages do not renew the window
   * (Tencent/openclaw-weixin#309, protocol §13, §18). The default keeps to the evidence: messages
   * are queued rather than refused, and sent when the user writes again. Measured from the user's
   * last message on the database clock.
   * @default 39600000 (11 h)
   */
  windowMs?: number;
  /**
   * Most UTF-8 bytes of one text message; longer texts are split. At most 16 384: the server
   * refuses more (protocol §13).
   * @default 16384
   */
  maxTextBytes?: number;
  /**
   * Most characters (Unicode code points) of one text message: the official client's chunk size,
   * which keeps messages readable on a phone.
   * @default 4000
   */
  maxTextChars?: number;
  /**
   * What happens to the parts of a text that do not fit the replies left.
   * @default 'queue'
   */
  overflow?: 'queue' | 'truncate' | 'reject';
  /**
   * Appended to the last part kept by the `truncate` overflow policy.
   * @default '\n…（truncated）'
   */
  truncationMarker?: string;
  /**
   * Markdown adaptation: `wechat` keeps what current WeChat clients render (fences, inline code,
   * tables, bold, rules — the official client's filter since 2.1.3) and strips H5/H6 markers,
   * image syntax and italics around CJK; `plain` strips all formatting; `none` sends text as is.
   * `wechat` is the default because code and tables stay readable on every current client.
   * @default 'wechat'
   */
  markdown?: 'wechat' | 'plain' | 'none';
  /**
   * Replies of the quota that progress items (`ctx.progress()`, `sendProgress()`) never use: they
   * stay for the handler's answer. A progress item that would use one is not sent (recorded
   * `rejected`, cause `quota`).
   * @default 1
   */
  progressReserve?: number;
  /** The outbox of messages that could not be sent yet. */
  outbox?: {
    /**
     * How long a message may wait in the outbox before it expires (`weixin.delivery.expired`).
     * Three days cover a user who is away over a weekend; older replies have usually lost their
     * context.
     * @default 259200000 (72 h)
     */
    ttlMs?: number;
    /**
     * Replies a flush leaves free under a new context token for the handlers of the message
     * that triggered it.
     * @default 1
     */
    reserve?: number;
    /**
     * How often expired messages are swept and the in-process index of users with queued
     * messages is rebuilt from the database. A message queued by another replica is flushed by
     * this one at the latest on the user's first message after the next sweep.
     * @default 30000
     */
    sweepIntervalMs?: number;
    /**
     * `sendmessage` attempts of a queued message that the server keeps refusing before it is
     * recorded `rejected`.
     * @default 3
     */
    maxAttempts?: number;
  };
  /**
   * The `weixin.window.closing` reminder: emitted once per user and window (by one replica),
   * `beforeMs` before the window (`windowMs` after the user's last message) closes, so an app can
   * prompt the user to write (a new message opens a new window).
   */
  windowReminder?: {
    /**
     * How long before the window closes the event is emitted; `0` turns the reminder off. Must be
     * less than `windowMs`.
     * @default 3600000 (1 h)
     */
    beforeMs?: number;
    /**
     * How often this replica looks for windows about to close (one indexed statement).
     * @default 60000
     */
    intervalMs?: number;
  };
  /** The per-account breaker opened by `ret -2` answers that the ledger does not explain. */
  breaker?: {
    /**
     * How long the breaker stays open after an unexplained `ret -2`.
     * @default 60000
     */
    rejectedMs?: number;
    /**
     * How long the breaker stays open after `ret -2` "rate limited" (reports speak of 30+ min
     * of rejections after a burst, protocol §13).
     * @default 1800000 (30 min)
     */
    rateLimitedMs?: number;
  };
}

/** Keys that encrypt tokens at rest (AES-256-GCM). */
export interface WeixinEncryptionOptions {
  /** Key id → 32-byte key (base64 or 64 hex characters). */
  keys: Record<string, string>;
  /** The key id that encrypts new values; the others only decrypt (rotation). */
  currentKeyId: string;
}

/** "typing…" indicator settings (`TypingService`, `@OnWeixinMessage({ typing: true })`). */
export interface WeixinTypingOptions {
  /**
   * Whether typing indicators are sent at all. `false` makes every typing call a no-op.
   * @default true
   */
  enabled?: boolean;
  /**
   * Interval of the `status: 1` keep-alive while a lease is held (the official client: 5 s).
   * @default 5000
   */
  keepAliveMs?: number;
  /**
   * Longest time one lease holds the indicator when `start()` is given no `durationMs`; then
   * the lease ends as if stopped. Bounds a forgotten `stop()`.
   * @default 120000
   */
  maxDurationMs?: number;
  /**
   * Delay between the first lease and `status: 1`. When every lease ends within it, nothing is
   * sent at all, so fast replies never flash the indicator. `0` shows it at once.
   * @default 0
   */
  graceMs?: number;
  /**
   * How long a `getconfig` typing ticket is used (in memory and, after a restart, from the
   * database) before the next typing start fetches a new one. The sources disagree (10 min to
   * 24 h); the official client refreshes at a random moment within 24 h, i.e. after 12 h on
   * average, so 12 h stays well inside the lifetime the official client relies on. A ticket the
   * server rejects earlier is fetched again once, so a shorter real lifetime costs one extra
   * `getconfig`, not a lost indicator.
   * @default 43200000 (12 h)
   */
  ticketTtlMs?: number;
  /**
   * Typing channels besides iLink (WeChat customer service, WhatsApp through NXCloud), each
   * named and with its credentials; chosen per call with `start({ channel, userId })`.
   */
  channels?: WeixinTypingChannelsOptions;
  /**
   * The clock of indicators and channels. Only for tests: a `ManualClock` of
   * `nestjs-weixin/testing` shared with the fakes. @default the system clock
   */
  clock?: TypingClock;
}

/** Media upload and download (`MediaService`). */
export interface WeixinMediaOptions {
  /**
   * Largest outbound media, in plaintext bytes; a larger source is refused before it is read
   * whole (files by size, streams and URLs as soon as the limit is passed).
   * @default 104857600 (100 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Largest inbound media, in plaintext bytes; checked against the announced sizes before the
   * download and against the bytes while streaming (protocol §12.5: the official client's cap).
   * @default 104857600 (100 MiB)
   */
  maxDownloadBytes?: number;
  /**
   * Hosts outbound media URLs may be fetched from (`host`, `host:port`, `*.domain`). URL sources
   * on any other host are refused before a request (no redirects are followed).
   * @default [] (URL sources refused)
   */
  allowedSourceHosts?: string[];
  /**
   * Folder for spooled uploads and downloaded files; spooled files are always removed.
   * @default os.tmpdir()
   */
  tempDir?: string;
  /**
   * Deadline for the response headers of a URL source and for each pause between its chunks.
   * @default 60000
   */
  sourceTimeoutMs?: number;
  /**
   * Decode inbound SILK voice to WAV (24 000 Hz, mono, 16-bit) on download.
   * @default true
   */
  decodeVoice?: boolean;
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
  /** Inbox retention. */
  inbox?: WeixinInboxOptions;
  /** The outbound send pipeline. */
  send?: WeixinSendOptions;
  /** Typing indicators. */
  typing?: WeixinTypingOptions;
  /** Media upload and download limits. */
  media?: WeixinMediaOptions;
  /** Commands and the generated `/help`. */
  commands?: WeixinCommandsOptions;
  /** Wizards' conversation state. */
  conversations?: WeixinConversationsOptions;
}
