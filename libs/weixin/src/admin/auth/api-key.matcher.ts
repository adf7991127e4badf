import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks presented API keys against the configured ones in constant time (SHA-256 digests). */
export class ApiKeyMatcher {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** Whether `presented` equals one of the keys; every key is compared, whatever matches. */
  matches(presented: string | undefined): boolean {
    if (presented === undefined || presented === '' || this.digests.length === 0) return false;
    const candidate = digest(presented);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The key of `Authorization: Bearer <key>` or `X-Api-Key: <key>`, if any. */
export function presentedApiKey(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? undefined : v);
  const apiKey = single(headers['x-api-key'])?.trim();
  if (apiKey) return apiKey;
  const auth = single(headers['authorization']);
  const match = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1];
}
