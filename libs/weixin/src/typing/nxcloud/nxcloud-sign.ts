import { createHash } from 'node:crypto';

/** The headers NXCloud signs (every required header but `sign`). */
export interface NxcloudSignedHeaders {
  accessKey: string;
  ts: string;
  bizType: string;
  action: string;
}

/**
 * The text NXCloud signs ("API call convention"): the signed headers sorted by name in ASCII
 * order as `key=value` joined with `&`, then `&body=` and the exact body text, then
 * `&accessSecret=` and the secret.
 */
export function nxcloudSignatureBase(
  headers: NxcloudSignedHeaders,
  body: string,
  accessSecret: string,
): string {
  const entries = Object.entries(headers) as [string, string][];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headersStr = entries.map(([k, v]) => `${k}=${v}`).join('&');
  return `${headersStr}&body=${body}&accessSecret=${accessSecret}`;
}

/** The `sign` header: lowercase hex MD5 (default) or SHA-256 of {@link nxcloudSignatureBase}. */
export function nxcloudSign(
  headers: NxcloudSignedHeaders,
  body: string,
  accessSecret: string,
  algorithm: 'md5' | 'sha256' = 'md5',
): string {
  return createHash(algorithm)
    .update(nxcloudSignatureBase(headers, body, accessSecret), 'utf8')
    .digest('hex');
}
