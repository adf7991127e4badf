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
  };
  dispatch: {
    concurrency: number;
    maxAttempts: number;
    retryDelayMs: number;
    drainTimeoutMs: number;
  };
  leases: { ttlMs: number; renewIntervalMs: number; replicaId: string; maxAccounts?: number };
}
