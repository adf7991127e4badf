/** JSON keys and query parameters whose values are secrets (protocol §6.7). */
export const SECRET_FIELD_NAMES = [
  'bot_token',
  'token',
  'context_token',
  'authorization',
  'qrcode',
  'verify_code',
  'typing_ticket',
  'local_token_list',
  'aeskey',
  'aes_key',
  'encrypt_query_param',
  'encrypted_query_param',
  'upload_param',
  'thumb_upload_param',
] as const;

/** What a redacted value is replaced with. */
export const REDACTED = '<redacted>';

const NAMES = SECRET_FIELD_NAMES.join('|');
const JSON_STRING_FIELD = new RegExp(`("(?:${NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const JSON_ARRAY_FIELD = new RegExp(`("(?:${NAMES})"\\s*:\\s*)\\[[^\\]]*\\]`, 'gi');
const QUERY_FIELD = new RegExp(`((?:^|[?&\\s])(?:${NAMES})=)[^&\\s"'#]*`, 'gi');
const URL_QUERY = /(\bhttps?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;

/** Secret values shorter than this are not replaced verbatim (they would mask ordinary text). */
const MIN_EXACT_SECRET_LENGTH = 4;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret value takes when a server echoes it: raw, URL-encoded, JSON-escaped. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const value = secret.trim();
    if (value.length < MIN_EXACT_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the exact `secrets` (and their URL/JSON-escaped forms). */
export function redactExactValues(text: string, secrets: readonly string[]): string {
  const forms = secretForms(secrets);
  if (forms.length === 0) return text;
  return text.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'g'), REDACTED);
}

/**
 * Masks secrets in free text before it reaches an error message or a log line: first the exact
 * `secrets` values the caller knows (wherever they appear), then values of
 * {@link SECRET_FIELD_NAMES} in JSON and in query strings, `Bearer` credentials, and the query
 * string of every URL.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return redactExactValues(text, secrets)
    .replace(JSON_STRING_FIELD, `$1"${REDACTED}"`)
    .replace(JSON_ARRAY_FIELD, `$1["${REDACTED}"]`)
    .replace(URL_QUERY, `$1?${REDACTED}`)
    .replace(QUERY_FIELD, `$1${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/** `redactSecrets` of the text, cut to `maxLength` characters (with an ellipsis). */
export function redactSnippet(
  text: string,
  maxLength = 200,
  secrets: readonly string[] = [],
): string {
  const redacted = redactSecrets(text.trim(), secrets);
  return redacted.length > maxLength ? `${redacted.slice(0, maxLength)}…` : redacted;
}

/** A URL for messages and logs: scheme, host and path, never the query string. */
export function redactUrl(url: URL | string): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? `?${REDACTED}` : ''}`;
  } catch {
    return REDACTED;
  }
}
