import type { DeliveryOutcome, NewDelivery } from './delivery.records.js';
import type { ClaimInput } from './send-batch.records.js';
import type { DeliveryState, OutboundKind } from '../../interfaces/outbound.types.js';

/** The values the `weixin_delivery` checks accept. */
const STATES = new Set<DeliveryState>([
  'queued',
  'sending',
  'accepted',
  'rejected',
  'unknown',
  'expired',
  'cancelled',
]);
const KINDS = new Set<OutboundKind>(['text', 'image', 'video', 'file', 'voice', 'progress']);
const MAX_BIGINT = 9223372036854775807n;
/** JSON escapes `jsonb` refuses: NUL and lone surrogates. */
const JSONB_REFUSED = /\\u(?:0000|d[89a-f])/iu;

/*
 * Whether an input may share a batch statement: values Postgres could refuse (NUL in text, an
 * escape `jsonb` refuses, a number out of its column's range, an unknown state or kind) would
 * fail the whole batch, so such an input goes alone through the single-row statement and its
 * error reaches its own caller only.
 */

/** Whether `s` can be stored as Postgres `text`. */
function textOk(s: string | null | undefined): boolean {
  return s === undefined || s === null || !s.includes('\u0000');
}

function int32Ok(n: number | undefined): boolean {
  return n === undefined || (Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31);
}

/** Whether `id` is a delivery id exactly as Postgres answers it (canonical `bigint` text). */
export function isDeliveryId(id: string): boolean {
  return /^(?:0|[1-9]\d{0,18})$/u.test(id) && BigInt(id) <= MAX_BIGINT;
}

/** Whether delivery rows can share a batch statement. */
export function rowsBatchable(rows: NewDelivery[]): boolean {
  return rows.every(
    (r) =>
      KINDS.has(r.kind) &&
      STATES.has(r.state) &&
      [r.seq, r.part, r.parts].every(int32Ok) &&
      [r.text, r.clientId, r.reason, r.cause].every(textOk) &&
      (r.item === undefined || !JSONB_REFUSED.test(JSON.stringify(r.item))),
  );
}

/** Whether a claim of `c.rows.length` slots can share a batch statement. */
export function claimBatchable(c: ClaimInput): boolean {
  return (
    [c.accountId, c.userId, c.key].every(textOk) &&
    int32Ok(c.quota) &&
    Number.isFinite(c.windowMs) &&
    rowsBatchable(c.rows)
  );
}

/** Whether the outcome of record `id` can share a batch statement. */
export function outcomeBatchable(id: string, o: DeliveryOutcome, ttlMs: number): boolean {
  return (
    isDeliveryId(id) &&
    STATES.has(o.state) &&
    int32Ok(o.ret) &&
    [o.serverMessageId, o.errmsg, o.reason, o.cause].every(textOk) &&
    Number.isFinite(ttlMs)
  );
}
