import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import type { WeixinModuleOptions } from '../interfaces/weixin-module-options.interface.js';
import type { WeixinSendOptions } from '../interfaces/weixin-send-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';
import { resolveChatOptions } from './resolve-chat-options.js';
import { resolveMediaOptions } from './resolve-media-options.js';
import { resolveTypingChannels } from './resolve-typing-channels.js';
import type { ResolvedSendOptions, ResolvedWeixinOptions } from './resolved-options.js';
import {
  WEIXIN_MODULE_DEFAULTS as D,
  WEIXIN_MODULE_LIMITS as L,
} from './weixin-module.defaults.js';

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
 * Applies the defaults of `WEIXIN_MODULE_DEFAULTS` and validates. Throws `WeixinConfigError` listing every invalid field with
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

  const baseUrl = url('baseUrl', input.baseUrl, D.baseUrl);
  const cdnBaseUrl = url('cdnBaseUrl', input.cdnBaseUrl, D.cdnBaseUrl);

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
  const dp = D.polling;
  const polling = {
    enabled: p.enabled ?? dp.enabled,
    autoStart: p.autoStart ?? dp.autoStart,
    longPollTimeoutMs: int('polling.longPollTimeoutMs', p.longPollTimeoutMs, dp.longPollTimeoutMs),
    timeoutMarginMs: int('polling.timeoutMarginMs', p.timeoutMarginMs, dp.timeoutMarginMs),
    retryDelayMs: int('polling.retryDelayMs', p.retryDelayMs, dp.retryDelayMs),
    backoffDelayMs: int('polling.backoffDelayMs', p.backoffDelayMs, dp.backoffDelayMs),
    maxConsecutiveFailures: int(
      'polling.maxConsecutiveFailures',
      p.maxConsecutiveFailures,
      dp.maxConsecutiveFailures,
    ),
    maxPendingPerAccount: int(
      'polling.maxPendingPerAccount',
      p.maxPendingPerAccount,
      dp.maxPendingPerAccount,
    ),
    groupMessages: p.groupMessages ?? dp.groupMessages,
  };
  if (!['ignore', 'deliver'].includes(polling.groupMessages)) {
    problems.push(M.oneOf('polling.groupMessages', ['ignore', 'deliver'], p.groupMessages));
  }
  const d = input.dispatch ?? {};
  const dd = D.dispatch;
  const dispatch = {
    concurrency: int('dispatch.concurrency', d.concurrency, dd.concurrency),
    maxAttempts: int('dispatch.maxAttempts', d.maxAttempts, dd.maxAttempts),
    retryDelayMs: int('dispatch.retryDelayMs', d.retryDelayMs, dd.retryDelayMs),
    drainTimeoutMs: int('dispatch.drainTimeoutMs', d.drainTimeoutMs, dd.drainTimeoutMs),
    sweepIntervalMs: int('dispatch.sweepIntervalMs', d.sweepIntervalMs, dd.sweepIntervalMs),
  };
  const ib = input.inbox ?? {};
  const inbox = {
    retentionMs: int('inbox.retentionMs', ib.retentionMs, D.inbox.retentionMs),
    pruneIntervalMs: int('inbox.pruneIntervalMs', ib.pruneIntervalMs, D.inbox.pruneIntervalMs),
  };
  if (inbox.retentionMs < L.minRetentionMs)
    problems.push(M.atLeast('inbox.retentionMs', L.minRetentionMs, inbox.retentionMs));
  const l = input.leases ?? {};
  const leases = {
    ttlMs: int('leases.ttlMs', l.ttlMs, D.leases.ttlMs),
    renewIntervalMs: int('leases.renewIntervalMs', l.renewIntervalMs, D.leases.renewIntervalMs),
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
    dispatch.drainTimeoutMs = Math.min(
      dd.drainTimeoutMs,
      Math.max(L.minDrainTimeoutMs, drainRoom - L.drainMarginMs),
    );
  } else if (dispatch.drainTimeoutMs >= drainRoom) {
    problems.push(M.lessThan('dispatch.drainTimeoutMs', 'leases.ttlMs - leases.renewIntervalMs'));
  }
  const t = input.typing ?? {};
  const dt = D.typing;
  const typing = {
    enabled: t.enabled ?? dt.enabled,
    keepAliveMs: int('typing.keepAliveMs', t.keepAliveMs, dt.keepAliveMs),
    maxDurationMs: int('typing.maxDurationMs', t.maxDurationMs, dt.maxDurationMs),
    graceMs: t.graceMs === 0 ? 0 : int('typing.graceMs', t.graceMs, dt.graceMs),
    ticketTtlMs: int('typing.ticketTtlMs', t.ticketTtlMs, dt.ticketTtlMs),
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
    botType: input.botType ?? D.botType,
    routeTag: input.routeTag,
    botAgent: input.botAgent ?? D.botAgent,
    allowedHosts: input.allowedHosts ?? [...D.allowedHosts],
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
  const ds = D.send;
  const w = s.windowReminder ?? {};
  const quota = int('send.quota', s.quota, ds.quota);
  const windowMs = int('send.windowMs', s.windowMs, ds.windowMs);
  const beforeMs = w.beforeMs ?? ds.windowReminder.beforeMs;
  if (!Number.isInteger(beforeMs) || beforeMs < 0) {
    problems.push(M.nonNegativeInt('send.windowReminder.beforeMs', beforeMs));
  } else if (Number.isInteger(windowMs) && beforeMs >= windowMs) {
    problems.push(M.lessThan('send.windowReminder.beforeMs', 'send.windowMs'));
  }
  const reserve = o.reserve ?? ds.outbox.reserve;
  if (!Number.isInteger(reserve) || reserve < 0) {
    problems.push(M.nonNegativeInt('send.outbox.reserve', reserve));
  } else if (reserve >= quota) {
    problems.push(M.lessThan('send.outbox.reserve', 'send.quota'));
  }
  const progressReserve = s.progressReserve ?? ds.progressReserve;
  if (!Number.isInteger(progressReserve) || progressReserve < 0) {
    problems.push(M.nonNegativeInt('send.progressReserve', progressReserve));
  } else if (progressReserve >= quota) {
    problems.push(M.lessThan('send.progressReserve', 'send.quota'));
  }
  if (s.truncationMarker !== undefined && typeof s.truncationMarker !== 'string') {
    problems.push(M.required('send.truncationMarker', 'give a string'));
  }
  const maxTextBytes = int('send.maxTextBytes', s.maxTextBytes, ds.maxTextBytes);
  const maxTextChars = int('send.maxTextChars', s.maxTextChars, ds.maxTextChars);
  return {
    quota,
    windowMs,
    maxTextBytes: atMost(
      'send.maxTextBytes',
      atLeast('send.maxTextBytes', maxTextBytes, L.minTextBytes),
      L.serverTextBytes,
      'the server refuses longer texts (protocol §13)',
    ),
    maxTextChars: atLeast('send.maxTextChars', maxTextChars, L.minTextChars),
    overflow: oneOf('send.overflow', s.overflow, ['queue', 'truncate', 'reject'], ds.overflow),
    truncationMarker: s.truncationMarker ?? ds.truncationMarker,
    markdown: oneOf('send.markdown', s.markdown, ['wechat', 'plain', 'none'], ds.markdown),
    progressReserve,
    outbox: {
      ttlMs: int('send.outbox.ttlMs', o.ttlMs, ds.outbox.ttlMs),
      reserve,
      sweepIntervalMs: int(
        'send.outbox.sweepIntervalMs',
        o.sweepIntervalMs,
        ds.outbox.sweepIntervalMs,
      ),
      maxAttempts: int('send.outbox.maxAttempts', o.maxAttempts, ds.outbox.maxAttempts),
    },
    breaker: {
      rejectedMs: int('send.breaker.rejectedMs', b.rejectedMs, ds.breaker.rejectedMs),
      rateLimitedMs: int('send.breaker.rateLimitedMs', b.rateLimitedMs, ds.breaker.rateLimitedMs),
    },
    windowReminder: {
      beforeMs,
      intervalMs: int('send.windowReminder.intervalMs', w.intervalMs, ds.windowReminder.intervalMs),
    },
  };
}
