import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { LOGIN_DEFAULTS } from '../login/login.constants.js';
import { AdminMessages as M } from './admin.messages.js';
import type { ResolvedWeixinAdminOptions, WeixinAdminOptions } from './weixin-admin.options.js';

const MIN_KEY_LENGTH = 16;

function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new WeixinConfigError(M.badNumber(field));
  return value;
}

/** Applies defaults; throws `WeixinConfigError` when the admin API would be unauthenticated. */
export function resolveAdminOptions(raw: WeixinAdminOptions = {}): ResolvedWeixinAdminOptions {
  const apiKeys = (raw.apiKeys ?? []).filter((k) => typeof k === 'string' && k !== '');
  apiKeys.forEach((key, i) => {
    if (key.length < MIN_KEY_LENGTH) throw new WeixinConfigError(M.shortKey(i));
  });
  const auth = raw.auth ?? 'required';
  if (auth !== 'disabled' && apiKeys.length === 0 && !raw.guard) {
    throw new WeixinConfigError(M.noAuth());
  }
  return {
    apiKeys,
    guard: raw.guard,
    auth,
    throttleLimit: positive('throttleLimit', raw.throttleLimit, 120),
    throttleTtlMs: positive('throttleTtlMs', raw.throttleTtlMs, 60_000),
    maxUploadBytes: positive('maxUploadBytes', raw.maxUploadBytes, 20 * 1024 * 1024),
    maxLoginWaitMs: positive('maxLoginWaitMs', raw.maxLoginWaitMs, 30_000),
    loginDeadlineMs: positive('loginDeadlineMs', raw.loginDeadlineMs, LOGIN_DEFAULTS.deadlineMs),
    maxActiveLogins: positive(
      'maxActiveLogins',
      raw.maxActiveLogins,
      LOGIN_DEFAULTS.maxActiveLogins,
    ),
  };
}
