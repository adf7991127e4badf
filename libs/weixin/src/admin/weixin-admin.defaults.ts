import { LOGIN_DEFAULTS } from '../login/login.constants.js';

/**
 * The defaults of `WeixinAdminOptions`, read by `resolveAdminOptions` and quoted by the options'
 * `@default` tags (a spec compares the two).
 */
export const WEIXIN_ADMIN_DEFAULTS = {
  apiKeys: [] as readonly string[],
  auth: 'required',
  throttleLimit: 120,
  throttleTtlMs: 60_000,
  maxUploadBytes: 20 * 1024 * 1024,
  maxLoginWaitMs: 30_000,
  loginDeadlineMs: LOGIN_DEFAULTS.deadlineMs,
  maxActiveLogins: LOGIN_DEFAULTS.maxActiveLogins,
} as const;

/** The shortest API key accepted, in characters. */
export const MIN_ADMIN_API_KEY_LENGTH = 16;
