import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DEFAULT_BASE_URL, DEFAULT_CDN_BASE_URL } from '../weixin.constants.js';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import type {
  WeixinModuleOptions,
  WeixinSendOptions,
} from '../interfaces/weixin-module-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';
import { resolveChatOptions } from './resolve-chat-options.js';
import { resolveMediaOptions } from './resolve-media-options.js';
import { resolveTypingChannels } from './resolve-typing-channels.js';
import type { ResolvedSendOptions, ResolvedWeixinOptions } from './resolved-options.js';

type Env = Record<string, string | undefined>;

/** Options read from the environment (the `WEIXIN_*` names of the adapters), for `forRoot()`. */
export function optionsFromEnv(env: Env = process.env): WeixinModuleOptions {
  const options: WeixinModuleOptions = {
    baseUrl: env.WEIXIN_BASE_URL || undefined,
    cdnBaseUrl: env.WEIXIN_CDN_BASE_URL || undefined,
    botType: env.WEIXIN_BOT_TYPE || undefined,
    routeTag: env.WEIXIN_ROUTE_TAG || undefined,
  };
  if (env.WEIXIN_ACCOUNT_ID || env.WEIXIN_BOT_TOKEN) {
    options.accounts = [{ id: env.WEIXIN_ACCOUNT_ID ?? '', token: env.WEIXIN_BOT_TOKEN ?? '' }];
  }
  if (env.WEIXIN_ENCRYPTION_KEY) {
    options.encryption = { keys: { k1: env.WEIXIN_ENCRYPTION_KEY }, currentKeyId: 'k1' };
  }
  return options;
}

/**
 * `options` with each top-level field it leaves undefined taken from the environment
 * (`optionsFromEnv`) when the environment sets it.
 */
export function withEnvironment(
  options: WeixinModuleOptions = {},
  env: Env = process.env,
): WeixinModuleOptions {
  const merged: Record<string, unknown> = { ...options };
  for (const [field, value] of Object.entries(optionsFromEnv(env))) {
    if (merged[field] === undefined && value !== undefined) merged[field] = value;
  }
  return merged as WeixinModuleOptions;
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Applies defaults and validates. Throws `WeixinConfigError` listing every invalid field with
 * its fix, so a misconfigured app fails at start-up, not at the first message.
 */
export function resolveOptions(input: WeixinModuleOptions = {}): ResolvedWeixinOptions {
  const problems: string[] = [];
  const int = (field: string, value: number | undefined, dflt: number): number => {
    if (value === undefined) return dflt;
    if (!isPositiveInt(value)) problems.push(M.positiveInt(field, value));
    return value;
  };
  const url = (field: string, value: string | undefined, dflt: string): string => {
    if (value === undefined) return dflt;
    if (typeof value !== 'string' || !isHttpUrl(value)) problems.push(M.url(field, value));
    return value;
  };

  const baseUrl = url('baseUrl', input.baseUrl, DEFAULT_BASE_URL);
  const cdnBaseUrl = url('cdnBaseUrl', input.cdnBaseUrl, DEFAULT_CDN_BASE_URL);

  const seen = new Set<string>();
  const accounts = (input.accounts ?? []).map((a, i) => {
    if (!a || typeof a.id !== 'string' || a.id.trim() === '') {
      problems.push(M.required(`accounts[${i}].id`, 'give the iLink bot id (ilink_bot_id)'));
    } else if (seen.has(a.id)) {
      problems.push(M.duplicateAccount(a.id));
    } else {
      seen.add(a.id);
    }
    if (!a || typeof a.token !== 'string' || a.token.trim() === '') {
      problems.push(M.required(`accounts[${i}].token`, 'give the bot token from the QR login'));
    }
    if (a?.baseUrl !== undefined) url(`accounts[${i}].baseUrl`, a.baseUrl, '');
    if (a?.cdnBaseUrl !== undefined) url(`accounts[${i}].cdnBaseUrl`, a.cdnBaseUrl, '');
    return { ...a, id: a?.id?.trim(), token: a?.token?.trim() };
  });

  const encryption = input.encryption;
  if (!encryption) {
    problems.push(M.missingEncryption());
  } else if (!encryption.keys || !(encryption.currentKeyId in encryption.keys)) {
    problems.push(M.unknownCurrentKey(String(encryption.currentKeyId)));
  }

  const p = input.polling ?? {};
  const polling = {
    enabled: p.enabled ?? true,
    autoStart: p.autoStart ?? true,
    longPollTimeoutMs: int('polling.longPollTimeoutMs', p.longPollTimeoutMs, 35_000),
    timeoutMarginMs: int('polling.timeoutMarginMs', p.timeoutMarginMs, 5_000),
    retryDelayMs: int('polling.retryDelayMs', p.retryDelayMs, 2_000),
    backoffDelayMs: int('polling.backoffDelayMs', p.backoffDelayMs, 30_000),
    maxConsecutiveFailures: int('polling.maxConsecutiveFailures', p.maxConsecutiveFailures, 3),
    maxPendingPerAccount: int('polling.maxPendingPerAccount', p.maxPendingPerAccount, 1_000),
    groupMessages: p.groupMessages ?? 'ignore',
  };
  if (!['ignore', 'deliver'].includes(polling.groupMessages)) {
    problems.push(M.oneOf('polling.groupMessages', ['ignore', 'deliver'], p.groupMessages));
  }
  const d = input.dispatch ?? {};
  const dispatch = {
    concurrency: int('dispatch.concurrency', d.concurrency, 32),
    maxAttempts: int('dispatch.maxAttempts', d.maxAttempts, 3),
    retryDelayMs: int('dispatch.retryDelayMs', d.retryDelayMs, 1_000),
    drainTimeoutMs: int('dispatch.drainTimeoutMs', d.drainTimeoutMs, 5_000),
    sweepIntervalMs: int('dispatch.sweepIntervalMs', d.sweepIntervalMs, 30_000),
  };
  const ib = input.inbox ?? {};
  const inbox = {
    retentionMs: int('inbox.retentionMs', ib.retentionMs, 7 * 24 * 3_600_000),
    pruneIntervalMs: int('inbox.pruneIntervalMs', ib.pruneIntervalMs, 3_600_000),
  };
  if (inbox.retentionMs < 24 * 3_600_000)
    problems.push(M.atLeast('inbox.retentionMs', 24 * 3_600_000, inbox.retentionMs));
  const l = input.leases ?? {};
  const leases = {
    ttlMs: int('leases.ttlMs', l.ttlMs, 15_000),
    renewIntervalMs: int('leases.renewIntervalMs', l.renewIntervalMs, 5_000),
    replicaId: l.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    maxAccounts:
      l.maxAccounts === undefined ? undefined : int('leases.maxAccounts', l.maxAccounts, 0),
  };
  if (leases.renewIntervalMs >= leases.ttlMs) {
    problems.push(M.lessThan('leases.renewIntervalMs', 'leases.ttlMs'));
  }
  // Leases are not renewed while shutdown drains handlers; they must outlive the drain.
  const drainRoom = leases.ttlMs - leases.renewIntervalMs;
  if (d.drainTimeoutMs === undefined) {
    dispatch.drainTimeoutMs = Math.min(5_000, Math.max(100, drainRoom - 500));
  } else if (dispatch.drainTimeoutMs >= drainRoom) {
    problems.push(M.lessThan('dispatch.drainTimeoutMs', 'leases.ttlMs - leases.renewIntervalMs'));
  }
  const t = input.typing ?? {};
  const typing = {
    enabled: t.enabled ?? true,
    keepAliveMs: int('typing.keepAliveMs', t.keepAliveMs, 5_000),
    maxDurationMs: int('typing.maxDurationMs', t.maxDurationMs, 120_000),
    graceMs: t.graceMs === 0 ? 0 : int('typing.graceMs', t.graceMs, 0),
    ticketTtlMs: int('typing.ticketTtlMs', t.ticketTtlMs, 12 * 60 * 60 * 1000),
    channels: resolveTypingChannels(t.channels, problems),
    clock: t.clock,
  };
  if (typeof typing.enabled !== 'boolean') problems.push(M.boolean('typing.enabled', t.enabled));

  const send = resolveSend(input.send ?? {}, int, problems);

  const media = resolveMediaOptions(input.media ?? {}, int, problems);
  const { commands, conversations } = resolveChatOptions(input, int, problems);

  if (problems.length > 0) throw new WeixinConfigError(M.invalid(problems));
  return {
    accounts,
    baseUrl,
    cdnBaseUrl,
    botType: input.botType ?? '3',
    routeTag: input.routeTag,
    botAgent: input.botAgent ?? 'NestjsWeixin/0.1.0',
    allowedHosts: input.allowedHosts ?? [],
    encryption: encryption!,
    polling,
    dispatch,
    inbox,
    leases,
    typing,
    send,
    media,
    commands,
    conversations,
  };
}

/** The default reply window: the server's 24 h less a one-hour safety margin (protocol §13). */
const SEND_WINDOW_MS = 11 * 60 * 60 * 1000;
/** The server's text limit in UTF-8 bytes (protocol §13). */
const SERVER_TEXT_BYTES = 16_384;

function resolveSend(
  s: WeixinSendOptions,
  int: (field: string, value: number | undefined, dflt: number) => number,
  problems: string[],
): ResolvedSendOptions {
  const oneOf = <T extends string>(field: string, value: T | undefined, allowed: T[], dflt: T) => {
    if (value === undefined) return dflt;
    if (!allowed.includes(value)) problems.push(M.oneOf(field, allowed, value));
    return value;
  };
  const atLeast = (field: string, value: number, min: number): number => {
    if (Number.isInteger(value) && value < min) problems.push(M.atLeast(field, min, value));
    return value;
  };
  const atMost = (field: string, value: number, max: number, why: string): number => {
    if (Number.isInteger(value) && value > max) problems.push(M.atMost(field, max, value, why));
    return value;
  };
  const o = s.outbox ?? {};
  const b = s.breaker ?? {};
  const w = s.windowReminder ?? {};
  const quota = int('send.quota', s.quota, 10);
  const windowMs = int('send.windowMs', s.windowMs, SEND_WINDOW_MS);
  const beforeMs = w.beforeMs ?? 3_600_000;
  if (!Number.isInteger(beforeMs) || beforeMs < 0) {
    problems.push(M.nonNegativeInt('send.windowReminder.beforeMs', beforeMs));
  } else if (Number.isInteger(windowMs) && beforeMs >= windowMs) {
    problems.push(M.lessThan('send.windowReminder.beforeMs', 'send.windowMs'));
  }
  const reserve = o.reserve ?? 1;
  if (!Number.isInteger(reserve) || reserve < 0) {
    problems.push(M.nonNegativeInt('send.outbox.reserve', reserve));
  } else if (reserve >= quota) {
    problems.push(M.lessThan('send.outbox.reserve', 'send.quota'));
  }
  const progressReserve = s.progressReserve ?? 1;
  if (!Number.isInteger(progressReserve) || progressReserve < 0) {
    problems.push(M.nonNegativeInt('send.progressReserve', progressReserve));
  } else if (progressReserve >= quota) {
    problems.push(M.lessThan('send.progressReserve', 'send.quota'));
  }
  if (s.truncationMarker !== undefined && typeof s.truncationMarker !== 'string') {
    problems.push(M.required('send.truncationMarker', 'give a string'));
  }
  return {
    quota,
    windowMs,
    maxTextBytes: atMost(
      'send.maxTextBytes',
      atLeast('send.maxTextBytes', int('send.maxTextBytes', s.maxTextBytes, 16_384), 64),
      SERVER_TEXT_BYTES,
      'the server refuses longer texts (protocol §13)',
    ),
    maxTextChars: atLeast('send.maxTextChars', int('send.maxTextChars', s.maxTextChars, 4_000), 16),
    overflow: oneOf('send.overflow', s.overflow, ['queue', 'truncate', 'reject'], 'queue'),
    truncationMarker: s.truncationMarker ?? '\n…（truncated）',
    markdown: oneOf('send.markdown', s.markdown, ['wechat', 'plain', 'none'], 'wechat'),
    progressReserve,
    outbox: {
      ttlMs: int('send.outbox.ttlMs', o.ttlMs, 259_200_000),
      reserve,
      sweepIntervalMs: int('send.outbox.sweepIntervalMs', o.sweepIntervalMs, 30_000),
      maxAttempts: int('send.outbox.maxAttempts', o.maxAttempts, 3),
    },
    breaker: {
      rejectedMs: int('send.breaker.rejectedMs', b.rejectedMs, 60_000),
      rateLimitedMs: int('send.breaker.rateLimitedMs', b.rateLimitedMs, 1_800_000),
    },
    windowReminder: {
      beforeMs,
      intervalMs: int('send.windowReminder.intervalMs', w.intervalMs, 60_000),
    },
  };
}
