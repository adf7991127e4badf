import type { TypingClock } from '../interfaces/typing-clock.interface.js';
import type { WeixinTypingChannelsOptions } from '../interfaces/typing-channels-options.interface.js';
import type {
  WeixinAccountConfig,
  WeixinEncryptionOptions,
} from '../interfaces/weixin-module-options.interface.js';

/** The module options after defaults and validation; what the services read. */
export interface ResolvedWeixinOptions {
  accounts: WeixinAccountConfig[];
  baseUrl: string;
  cdnBaseUrl: string;
  botType: string;
  routeTag?: string;
  botAgent: string;
  allowedHosts: string[];
  encryption: WeixinEncryptionOptions;
  polling: {
    enabled: boolean;
    autoStart: boolean;
    longPollTimeoutMs: number;
    timeoutMarginMs: number;
    retryDelayMs: number;
    backoffDelayMs: number;
    maxConsecutiveFailures: number;
    maxPendingPerAccount: number;
    groupMessages: 'ignore' | 'deliver';
  };
  dispatch: {
    concurrency: number;
    maxAttempts: number;
    retryDelayMs: number;
    drainTimeoutMs: number;
    sweepIntervalMs: number;
  };
  inbox: { retentionMs: number; pruneIntervalMs: number };
  leases: { ttlMs: number; renewIntervalMs: number; replicaId: string; maxAccounts?: number };
  send: ResolvedSendOptions;
  media: ResolvedMediaOptions;
  commands: { help: boolean; helpHeader: string };
  conversations: { timeoutMs: number; maxStateBytes: number };
  typing: {
    enabled: boolean;
    keepAliveMs: number;
    maxDurationMs: number;
    graceMs: number;
    ticketTtlMs: number;
    channels: Required<WeixinTypingChannelsOptions>;
    clock?: TypingClock;
  };
}

/** The send options after defaults and validation. */
export interface ResolvedSendOptions {
  quota: number;
  windowMs: number;
  maxTextBytes: number;
  maxTextChars: number;
  overflow: 'queue' | 'truncate' | 'reject';
  truncationMarker: string;
  markdown: 'wechat' | 'plain' | 'none';
  progressReserve: number;
  outbox: { ttlMs: number; reserve: number; sweepIntervalMs: number; maxAttempts: number };
  breaker: { rejectedMs: number; rateLimitedMs: number };
  windowReminder: { beforeMs: number; intervalMs: number };
}

/** The media options after defaults and validation. */
export interface ResolvedMediaOptions {
  maxUploadBytes: number;
  maxDownloadBytes: number;
  allowedSourceHosts: string[];
  tempDir: string;
  sourceTimeoutMs: number;
  decodeVoice: boolean;
}
