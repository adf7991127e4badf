import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';

/** Parses an absolute http(s) base URL, or throws `IlinkInvalidRequestError` naming `what`. */
export function parseBaseUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new IlinkInvalidRequestError(IlinkClientMessages.invalidUrl(what));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IlinkInvalidRequestError(IlinkClientMessages.invalidUrl(what));
  }
  return url;
}

/**
 * Resolves a relative endpoint path against a base URL forced to end with `/`, so a base with a
 * path prefix keeps it (protocol §2). Query values are encoded with `encodeURIComponent`.
 */
export function joinUrl(base: URL | string, path: string, query?: Record<string, string>): URL {
  const baseText = typeof base === 'string' ? base : base.href;
  const url = new URL(path, baseText.endsWith('/') ? baseText : `${baseText}/`);
  const pairs = Object.entries(query ?? {}).map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
  );
  if (pairs.length > 0) url.search = `?${pairs.join('&')}`;
  return url;
}

const HOST_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

/** Whether `value` is a bare `host` or `host:port` (no scheme, path, query or credentials). */
export function isBareHost(value: string): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return HOST_NAME.test(host!) || IPV6.test(host!);
}
