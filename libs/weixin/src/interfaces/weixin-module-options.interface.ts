import type {
  WeixinCommandsOptions,
  WeixinConversationsOptions,
} from './weixin-chat-options.interface.js';
import type {
  WeixinDispatchOptions,
  WeixinInboxOptions,
  WeixinLeaseOptions,
  WeixinPollingOptions,
} from './weixin-inbound-options.interface.js';
import type { WeixinMediaOptions } from './weixin-media-options.interface.js';
import type { WeixinSendOptions } from './weixin-send-options.interface.js';
import type { WeixinTypingOptions } from './weixin-typing-options.interface.js';

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
