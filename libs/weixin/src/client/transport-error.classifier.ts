import type { TransportErrorKind } from './errors/transport-error-kind.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const REFUSED_CODES = new Set(['ECONNREFUSED']);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'ABORT_ERR']);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}

function kindOfCode(code: string): TransportErrorKind | undefined {
  if (DNS_CODES.has(code)) return 'dns';
  if (REFUSED_CODES.has(code)) return 'refused';
  if (RESET_CODES.has(code)) return 'reset';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (ABORT_CODES.has(code)) return 'aborted';
  if (isTlsCode(code)) return 'tls';
  return undefined;
}

/** The `code` and message of the first error in the cause chain that has a known code. */
export interface ClassifiedTransportError {
  kind: TransportErrorKind;
  /** Short description (error code and message) for the error text; not yet redacted. */
  detail: string;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** Errors may come from another realm (e.g. a test VM), so they are read by shape. */
function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/** Maps an error thrown by undici or Node's networking to a {@link TransportErrorKind}. */
export function classifyTransportError(error: unknown): ClassifiedTransportError {
  const seen = new Set<unknown>();
  let current = asErrorLike(error);
  while (current && !seen.has(current)) {
    seen.add(current);
    const message = String(current.message ?? '');
    if (typeof current.code === 'string') {
      const kind = kindOfCode(current.code);
      if (kind) return { kind, detail: `${current.code}: ${message}` };
    }
    if (current.name === 'AbortError') return { kind: 'aborted', detail: message };
    current = asErrorLike(current.cause);
  }
  const top = asErrorLike(error);
  return { kind: 'other', detail: top ? String(top.message ?? top.name ?? '') : String(error) };
}
