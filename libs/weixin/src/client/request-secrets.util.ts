/** The secret values of a request: the non-empty strings among `values`. */
export function secretsOf(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') out.push(value.trim());
    else if (Array.isArray(value)) out.push(...secretsOf(...(value as unknown[])));
  }
  return out;
}

/** The CDN parameters and keys of outbound items (`encrypt_query_param`, `aes_key`). */
export function mediaParams(items: unknown): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(items) ? (items as unknown[]) : []) {
    if (typeof item !== 'object' || item === null) continue;
    for (const payload of Object.values(item as Record<string, unknown>)) {
      const media = (payload as { media?: unknown } | null)?.media;
      if (typeof media !== 'object' || media === null) continue;
      const { encrypt_query_param: param, aes_key: key } = media as Record<string, unknown>;
      out.push(...secretsOf(param, key));
    }
  }
  return out;
}

/** The bot token and, for `<bot id>:<secret>` tokens, the secret part on its own. */
export function tokenSecrets(token: string): string[] {
  const trimmed = token.trim();
  const colon = trimmed.lastIndexOf(':');
  return colon > 0 ? [trimmed, trimmed.slice(colon + 1)] : [trimmed];
}
