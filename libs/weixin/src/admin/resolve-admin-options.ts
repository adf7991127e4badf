import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { AdminMessages as M } from './admin.messages.js';
import { MIN_ADMIN_API_KEY_LENGTH, WEIXIN_ADMIN_DEFAULTS as D } from './weixin-admin.defaults.js';
import type { ResolvedWeixinAdminOptions, WeixinAdminOptions } from './weixin-admin.options.js';

function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new WeixinConfigError(M.badNumber(field));
  return value;
}

/** Applies defaults; throws `WeixinConfigError` when the admin API would be unauthenticated. */
export function resolveAdminOptions(raw: WeixinAdminOptions = {}): ResolvedWeixinAdminOptions {
  const apiKeys = (raw.apiKeys ?? D.apiKeys).filter((k) => typeof k === 'string' && k !== '');
  apiKeys.forEach((key, i) => {
    if (key.length < MIN_ADMIN_API_KEY_LENGTH) throw new WeixinConfigError(M.shortKey(i));
  });
  const auth = raw.auth ?? D.auth;
  if (auth !== 'disabled' && apiKeys.length === 0 && !raw.guard) {
    throw new WeixinConfigError(M.noAuth());
  }
  return {
    apiKeys,
    guard: raw.guard,
    auth,
    throttleLimit: positive('throttleLimit', raw.throttleLimit, D.throttleLimit),
    throttleTtlMs: positive('throttleTtlMs', raw.throttleTtlMs, D.throttleTtlMs),
    maxUploadBytes: positive('maxUploadBytes', raw.maxUploadBytes, D.maxUploadBytes),
    maxLoginWaitMs: positive('maxLoginWaitMs', raw.maxLoginWaitMs, D.maxLoginWaitMs),
    loginDeadlineMs: positive('loginDeadlineMs', raw.loginDeadlineMs, D.loginDeadlineMs),
    maxActiveLogins: positive('maxActiveLogins', raw.maxActiveLogins, D.maxActiveLogins),
  };
}
