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

/**
 * Masks secrets in free text before it reaches an error message or a log line: values of
 * {@link SECRET_FIELD_NAMES} in JSON and in query strings, `Bearer` credentials, and the query
 * string of every URL.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(JSON_STRING_FIELD, `$1"${REDACTED}"`)
    .replace(JSON_ARRAY_FIELD, `$1["${REDACTED}"]`)
    .replace(URL_QUERY, `$1?${REDACTED}`)
    .replace(QUERY_FIELD, `$1${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/** `redactSecrets` of the text, cut to `maxLength` characters (with an ellipsis). */
export function redactSnippet(text: string, maxLength = 200): string {
  const redacted = redactSecrets(text.trim());
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
