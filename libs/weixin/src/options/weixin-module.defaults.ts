import { ILINK_CLIENT_DEFAULTS } from '../client/ilink-client.defaults.js';

const HOUR_MS = 3_600_000;

/**
 * The defaults of `WeixinModuleOptions`, one entry per field that has a fixed default. The
 * resolver (`resolveOptions`) reads them and the `@default` tags of the options quote them (a spec
 * compares the two). Fields whose default is computed (`leases.replicaId`, `media.tempDir`, a
 * `dispatch.drainTimeoutMs` shortened to fit the lease) say so in their TSDoc.
 */
export const WEIXIN_MODULE_DEFAULTS = {
  baseUrl: ILINK_CLIENT_DEFAULTS.baseUrl,
  cdnBaseUrl: ILINK_CLIENT_DEFAULTS.cdnBaseUrl,
  botType: ILINK_CLIENT_DEFAULTS.botType,
  botAgent: ILINK_CLIENT_DEFAULTS.botAgent,
  allowedHosts: [] as readonly string[],
  polling: {
    enabled: true,
    autoStart: true,
    longPollTimeoutMs: 35_000,
    timeoutMarginMs: 5_000,
    retryDelayMs: 2_000,
    backoffDelayMs: 30_000,
    maxConsecutiveFailures: 3,
    maxPendingPerAccount: 1_000,
    groupMessages: 'ignore',
  },
  dispatch: {
    concurrency: 32,
    maxAttempts: 3,
    retryDelayMs: 1_000,
    /** Shortened to `leases.ttlMs - leases.renewIntervalMs - 500` when that is less. */
    drainTimeoutMs: 5_000,
    sweepIntervalMs: 30_000,
  },
  inbox: {
    retentionMs: 7 * 24 * HOUR_MS,
    pruneIntervalMs: HOUR_MS,
  },
  leases: {
    ttlMs: 15_000,
    renewIntervalMs: 5_000,
  },
  send: {
    quota: 10,
    /**
     * 11 h: proactive sends are reported refused after about 15 h of user silence, not 24 h
     * (protocol §13).
     */
    windowMs: 11 * HOUR_MS,
    windowReminder: {
      beforeMs: HOUR_MS,
      intervalMs: 60_000,
    },
    progressReserve: 1,
    maxTextBytes: 16_384,
    maxTextChars: 4_000,
    overflow: 'queue',
    truncationMarker: '\n…（truncated）',
    markdown: 'wechat',
    outbox: {
      ttlMs: 72 * HOUR_MS,
      reserve: 1,
      sweepIntervalMs: 30_000,
      maxAttempts: 3,
    },
    breaker: {
      rejectedMs: 60_000,
      rateLimitedMs: 30 * 60_000,
    },
  },
  typing: {
    enabled: true,
    keepAliveMs: 5_000,
    maxDurationMs: 120_000,
    graceMs: 0,
    ticketTtlMs: 12 * HOUR_MS,
  },
  media: {
    maxUploadBytes: 100 * 1024 * 1024,
    maxDownloadBytes: 100 * 1024 * 1024,
    allowedSourceHosts: [] as readonly string[],
    sourceTimeoutMs: 60_000,
    decodeVoice: true,
  },
} as const;

/** Lower and upper bounds the resolver holds some fields to. */
export const WEIXIN_MODULE_LIMITS = {
  /** `inbox.retentionMs` keeps at least a day of handled rows (duplicate detection). */
  minRetentionMs: 24 * HOUR_MS,
  /** The server refuses texts longer than this many UTF-8 bytes (protocol §13). */
  serverTextBytes: 16_384,
  minTextBytes: 64,
  minTextChars: 16,
  /** Room left between the drain and the lease's expiry. */
  drainMarginMs: 500,
  minDrainTimeoutMs: 100,
} as const;
