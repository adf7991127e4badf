import { REJECTED_CODE, STALE_SESSION_CODE } from '../protocol/enums.js';
import type { ApiEnvelope } from '../protocol/wire.types.js';
import { redactSnippet } from '../errors/redact-secrets.js';
import { IlinkApiError } from './errors/ilink-api.error.js';
import type { IlinkErrorContext } from './errors/ilink-client.error.js';
import { IlinkRejectedError } from './errors/ilink-rejected.error.js';
import { IlinkSessionExpiredError } from './errors/ilink-session-expired.error.js';
import type { IlinkCallInfo } from './ilink-http.js';

function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The envelope fields of a parsed answer, with `errmsg` redacted (the call's exact secret values
 * first, then the patterns), for error contexts.
 */
export function envelopeContext(call: IlinkCallInfo, body: ApiEnvelope): IlinkErrorContext {
  const errmsg = body.errmsg;
  return {
    endpoint: call.endpoint,
    accountId: call.accountId,
    ret: numberField(body.ret),
    errcode: numberField(body.errcode),
    errmsg:
      typeof errmsg === 'string' && errmsg ? redactSnippet(errmsg, 200, call.secrets) : undefined,
  };
}

/**
 * Throws the typed error for a failed envelope: `ret` present and non-zero or `errcode` present
 * and non-zero (protocol §5.1). −14 → `IlinkSessionExpiredError`, −2 → `IlinkRejectedError`,
 * anything else → `IlinkApiError`.
 */
export function assertEnvelopeOk(call: IlinkCallInfo, body: ApiEnvelope): void {
  const context = envelopeContext(call, body);
  const { ret, errcode } = context;
  const failed = (ret !== undefined && ret !== 0) || (errcode !== undefined && errcode !== 0);
  if (!failed) return;
  if (ret === STALE_SESSION_CODE || errcode === STALE_SESSION_CODE) {
    throw new IlinkSessionExpiredError(context);
  }
  if (ret === REJECTED_CODE || errcode === REJECTED_CODE) {
    throw new IlinkRejectedError(context);
  }
  throw new IlinkApiError(context);
}
