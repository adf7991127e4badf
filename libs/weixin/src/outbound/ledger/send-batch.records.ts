import type {
  ClaimedDeliveries,
  DeliveryOutcome,
  NewDelivery,
  StoredDelivery,
} from './delivery.records.js';
import { withOptionalFields } from './delivery-row.mapper.js';

/** One claim of the send path's batched statement. */
export interface ClaimInput {
  accountId: string;
  userId: string;
  key: string | undefined;
  rows: NewDelivery[];
  quota: number;
  windowMs: number;
}

/** One outcome of the send path's batched statement. */
export interface OutcomeInput {
  record: StoredDelivery;
  outcome: DeliveryOutcome;
  ttlMs: number;
}

/** One input of the send path's batched statement: a claim or an outcome. */
export type SendOp = { claim: ClaimInput } | { outcome: OutcomeInput };

/** What `claimAndSettleBatch` answers per claim (`c`), inserted record (`i`) and outcome (`s`). */
export interface SendOpRow {
  op: 'c' | 'i' | 's';
  idx: number | null;
  claimed_token: string | null;
  id: string | null;
  client_id: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  server_message_id: string | null;
  attempts: number | null;
  expires_at: Date | null;
}

/** Sorts records by id (insertion order), in place. */
export function sortById(rows: StoredDelivery[]): StoredDelivery[] {
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** Each claim's answer from the `c` and `i` rows of `claimAndSettleBatch`. */
export function claimAnswers(claims: ClaimInput[], out: SendOpRow[]): ClaimedDeliveries[] {
  const answers: ClaimedDeliveries[] = claims.map(() => null);
  for (const r of out) {
    if (r.op === 'c') answers[r.idx!] = { token: r.claimed_token!, inserted: [] };
  }
  const byClientId = new Map<string, { claim: number; row: NewDelivery }>();
  claims.forEach((c, claim) => {
    for (const row of c.rows) byClientId.set(row.clientId, { claim, row });
  });
  for (const r of out) {
    const sent = r.op === 'i' ? byClientId.get(r.client_id!) : undefined;
    const answer = sent && answers[sent.claim];
    if (sent && answer) answer.inserted.push(insertedRecord(claims[sent.claim]!, sent.row, r));
  }
  for (const a of answers) if (a) sortById(a.inserted);
  return answers;
}

/** A record just inserted by a claim batch: the input row, with the columns the database set. */
function insertedRecord(c: ClaimInput, row: NewDelivery, r: SendOpRow): StoredDelivery {
  const record: StoredDelivery = {
    id: r.id!,
    accountId: c.accountId,
    userId: c.userId,
    seq: row.seq,
    kind: row.kind,
    state: row.state,
    part: row.part,
    parts: row.parts,
    clientId: row.clientId,
    attempts: 0,
    createdAt: r.created_at!,
    updatedAt: r.updated_at!,
  };
  return withOptionalFields(record, {
    text: row.text,
    item: row.item,
    idempotencyKey: c.key,
    reason: row.reason,
    cause: row.cause,
  });
}

/** `record` after `claimAndSettleBatch` stored outcome `o` (the same columns `settle` writes). */
export function settledRecord(
  record: StoredDelivery,
  o: DeliveryOutcome,
  r: SendOpRow,
): StoredDelivery {
  const settled: StoredDelivery = {
    id: record.id,
    accountId: record.accountId,
    userId: record.userId,
    seq: record.seq,
    kind: record.kind,
    state: o.state,
    part: record.part,
    parts: record.parts,
    clientId: record.clientId,
    attempts: r.attempts!,
    createdAt: record.createdAt,
    updatedAt: r.updated_at!,
  };
  return withOptionalFields(settled, {
    text: record.text,
    item: record.item,
    idempotencyKey: record.idempotencyKey,
    serverMessageId: r.server_message_id,
    ret: o.ret,
    errmsg: o.errmsg,
    reason: o.reason,
    cause: o.cause,
    expiresAt: r.expires_at,
  });
}
