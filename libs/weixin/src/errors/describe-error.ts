import { STALE_SESSION_CODE } from '../protocol/index.js';
import { WeixinError } from './weixin.error.js';

/** Whether an error from a poll means the bot session is stale (`-14`). */
export function isSessionExpired(err: unknown): boolean {
  if (!(err instanceof WeixinError)) return false;
  const e = err as WeixinError & { ret?: number; errcode?: number };
  return e.ret === STALE_SESSION_CODE || e.errcode === STALE_SESSION_CODE;
}

/** A one-line description of an error for logs and status (library errors are already redacted). */
export function describeError(err: unknown): string {
  if (err instanceof WeixinError) return `${err.name}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
