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

function checkAppHeaders(headers: IncomingHttpHeaders): string | undefined {
  const appId = header(headers, 'iLink-App-Id');
  if (appId === undefined) return 'missing header iLink-App-Id';
  if (appId !== 'bot') return 'invalid header iLink-App-Id';
  const version = header(headers, 'iLink-App-ClientVersion');
  if (version === undefined) return 'missing header iLink-App-ClientVersion';
  if (!isValidClientVersion(version)) return 'invalid header iLink-App-ClientVersion';
  return undefined;
}

/** Checks the headers every iLink POST carries (§3.1); answers the refusal text or undefined. */
export function checkPostHeaders(headers: IncomingHttpHeaders): string | undefined {
  const contentType = header(headers, 'Content-Type');
  if (contentType === undefined) return 'missing header Content-Type';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) return 'invalid header Content-Type';
  const authType = header(headers, 'AuthorizationType');
  if (authType === undefined) return 'missing header AuthorizationType';
  if (authType !== 'ilink_bot_token') return 'invalid header AuthorizationType';
  const uin = header(headers, 'X-WECHAT-UIN');
  if (uin === undefined) return 'missing header X-WECHAT-UIN';
  if (!isValidWechatUin(uin)) return 'invalid header X-WECHAT-UIN';
  return checkAppHeaders(headers);
}

/** Checks the headers of the QR status GET (§6.2); answers the refusal text or undefined. */
export function checkGetHeaders(headers: IncomingHttpHeaders): string | undefined {
  return checkAppHeaders(headers);
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
