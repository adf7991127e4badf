import type { CanActivate, Type } from '@nestjs/common';

/** Options of `WeixinAdminModule.forRoot()` / `forRootAsync()`. */
export interface WeixinAdminOptions {
  /**
   * API keys accepted as `Authorization: Bearer <key>` or `X-Api-Key: <key>` (at least 16
   * characters each; compared in constant time).
   * @default []
   */
  apiKeys?: string[];
  /**
   * A guard of the app that authenticates admin requests instead of (or besides) API keys: a
   * request passes when it has a valid API key or this guard allows it.
   * @default none
   */
  guard?: Type<CanActivate>;
  /**
   * `'disabled'` turns authentication off (for a network that is protected otherwise). Without
   * API keys, a guard or this, the module refuses to start.
   * @default 'required'
   */
  auth?: 'required' | 'disabled';
  /**
   * Requests per client IP and route within `throttleTtlMs`; more answer 429.
   * @default 120
   */
  throttleLimit?: number;
  /**
   * The throttling window.
   * @default 60000
   */
  throttleTtlMs?: number;
  /**
   * Largest uploaded media file, in bytes.
   * @default 20971520 (20 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Longest `wait` of the login long poll, in milliseconds.
   * @default 30000
   */
  maxLoginWaitMs?: number;
  /**
   * Overall deadline of a QR login started through the API, and the longest one a request may ask
   * for (a longer `deadlineMs` is cut to it).
   * @default 480000 (8 min)
   */
  loginDeadlineMs?: number;
  /**
   * QR logins in progress at once; starting another answers 429 (`WEIXIN_LOGIN_LIMIT`).
   * @default 10
   */
  maxActiveLogins?: number;
}

/** The options after defaults. */
export interface ResolvedWeixinAdminOptions {
  apiKeys: string[];
  guard?: Type<CanActivate>;
  auth: 'required' | 'disabled';
  throttleLimit: number;
  throttleTtlMs: number;
  maxUploadBytes: number;
  maxLoginWaitMs: number;
  loginDeadlineMs: number;
  maxActiveLogins: number;
}

/** Injection token of `ResolvedWeixinAdminOptions`. */
export const WEIXIN_ADMIN_OPTIONS = Symbol('WEIXIN_ADMIN_OPTIONS');
