/**
 * The defaults of `IlinkClientOptions`, read by `IlinkClient` and quoted by the options' `@default`
 * tags (a spec compares the two).
 */
export const ILINK_CLIENT_DEFAULTS = {
  /** API base URL and fixed QR login host (protocol §2). */
  baseUrl: 'https://ilinkai.weixin.qq.com',
  /** CDN base URL (protocol §2). */
  cdnBaseUrl: 'https://novac2c.cdn.weixin.qq.com/c2c',
  /** `bot_type` (protocol §6.1). */
  botType: '3',
  /** `base_info.channel_version` (protocol §4). */
  channelVersion: '2.4.9',
  /** `base_info.bot_agent`. */
  botAgent: 'NestjsWeixin/0.1.0',
  /** The version packed into `iLink-App-ClientVersion` (protocol §3.3). */
  clientVersion: '2.4.9',
  /** Hosts allowed besides the configured base URLs (`https:` on port 443 only). */
  allowedHosts: ['*.weixin.qq.com', '*.qq.com'] as readonly string[],
  /** Most bytes of a JSON answer: 16 MiB. */
  maxResponseBytes: 16 * 1024 * 1024,
  /** Per-call deadlines (protocol §15, "suggested"). */
  timeouts: {
    getBotQrcode: 15_000,
    getQrcodeStatus: 40_000,
    getUpdates: 40_000,
    sendMessage: 15_000,
    getUploadUrl: 15_000,
    getConfig: 10_000,
    sendTyping: 10_000,
    notify: 10_000,
    cdnUpload: 120_000,
    cdnDownload: 120_000,
  },
  /** The shared connection pool. */
  pool: {
    connections: null,
    keepAliveTimeoutMs: 4_000,
    keepAliveMaxTimeoutMs: 600_000,
    connectTimeoutMs: 10_000,
    pipelining: 1,
  },
} as const;
