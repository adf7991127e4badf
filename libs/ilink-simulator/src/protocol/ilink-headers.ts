import { type IncomingHttpHeaders } from 'node:http';

/*
 * Header validation. The real server's answer to a missing or malformed header is not documented
 * (protocol §17: "whether the server validates X-WECHAT-UIN, iLink-App-ClientVersion or
 * channel_version" is an open question). The simulator is deliberately strict and refuses such a
 * request with HTTP 200 `{ret: -2, errmsg: "missing header <name>" | "invalid header <name>"}`, so
 * client bugs show up in tests instead of against the live server. Only the Authorization header
 * has a documented answer (-14), handled by the caller.
 */

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** True when `value` is base64 (with padding) of the decimal text of a uint32 (protocol §3.2). */
export function isValidWechatUin(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!/^(0|[1-9]\d{0,9})$/.test(text) || Number(text) > 0xffffffff) return false;
  return Buffer.from(text, 'utf8').toString('base64') === value;
}

/**
 * True when `value` is a packed client version `0x00MMNNPP` as decimal text (protocol §3.3). `0` is
 * refused: it is the value of a known client bug (fixed in the official 2.4.3).
 */
export function isValidClientVersion(value: string): boolean {
  return /^[1-9]\d{0,7}$/.test(value) && Number(value) <= 0xffffff;
}

/** A header a request must carry, and the check of its value. */
type HeaderRule = readonly [name: string, valid: (value: string) => boolean];

/** The `iLink-App-*` headers of every iLink call (§3.1, §3.3). */
const APP_HEADERS: readonly HeaderRule[] = [
  ['iLink-App-Id', (value) => value === 'bot'],
  ['iLink-App-ClientVersion', isValidClientVersion],
];

/** The headers of every iLink POST (§3.1), in the order they are checked. */
const POST_HEADERS: readonly HeaderRule[] = [
  ['Content-Type', (value) => /^application\/json\s*(;|$)/i.test(value)],
  ['AuthorizationType', (value) => value === 'ilink_bot_token'],
  ['X-WECHAT-UIN', isValidWechatUin],
  ...APP_HEADERS,
];

/** The refusal text of the first rule the headers break, or undefined. */
function firstRefusal(
  headers: IncomingHttpHeaders,
  rules: readonly HeaderRule[],
): string | undefined {
  for (const [name, valid] of rules) {
    const value = header(headers, name);
    if (value === undefined) return `missing header ${name}`;
    if (!valid(value)) return `invalid header ${name}`;
  }
  return undefined;
}

/** Checks the headers every iLink POST carries (§3.1); answers the refusal text or undefined. */
export function checkPostHeaders(headers: IncomingHttpHeaders): string | undefined {
  return firstRefusal(headers, POST_HEADERS);
}

/** Checks the headers of the QR status GET (§6.2); answers the refusal text or undefined. */
export function checkGetHeaders(headers: IncomingHttpHeaders): string | undefined {
  return firstRefusal(headers, APP_HEADERS);
}

/** The bearer token of `Authorization`, trimmed, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = header(headers, 'Authorization');
  const match = value === undefined ? null : /^Bearer\s+(.+)$/i.exec(value.trim());
  return match ? match[1].trim() : undefined;
}

/** Request headers as a flat record (names lower-cased, repeated values joined). */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
