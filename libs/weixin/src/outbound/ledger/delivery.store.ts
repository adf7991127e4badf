import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { MessageItem } from '../../protocol/index.js';
import { MicroBatcher } from '../../persistence/micro-batcher.js';
import { WEIXIN_DATA_SOURCE } from '../../weixin.constants.js';
import { claimBatchable, isDeliveryId, outcomeBatchable } from './send-batch.checks.js';
import { DeliverySql, OUTBOX_SQL } from './delivery.sql.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import { queryRows } from '../../persistence/raw-query.js';
import {
  claimAnswers,
  settledRecord,
  sortById,
  type ClaimInput,
  type OutcomeInput,
  type SendOp,
  type SendOpRow,
} from './send-batch.records.js';
import type {
  ClaimedDeliveries,
  DeliveryOutcome,
  NewDelivery,
  StoredDelivery,
} from './delivery.records.js';
import type {
  DeliveryCause,
  DeliveryState,
  OutboundKind,
} from '../../interfaces/outbound.types.js';

export type {
  ClaimedDeliveries,
  DeliveryOutcome,
  NewDelivery,
  StoredDelivery,
} from './delivery.records.js';

/** A `weixin_delivery` row as `DeliverySql.columns` selects it. */
export interface DeliveryRow {
  id: string;
  account_id: string;
  user_id: string;
  seq: number;
  kind: OutboundKind;
  state: DeliveryState;
  text: string | null;
  item: MessageItem | null;
  part: number;
  parts: number;
  idempotency_key: string | null;
  client_id: string;
  server_message_id: string | null;
  ret: number | null;
  errmsg: string | null;
  reason: string | null;
  cause: DeliveryCause | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

/**
 * Longest wait for one batched statement; the pool's `statement_timeout` should end it sooner in
 * the database (see `MicroBatcherOptions.timeoutMs`).
 */
const BATCH_WAIT_MS = 60_000;
/**
 * Batched send-path statements (claims and outcomes) running at once, each on its own
 * connection, and the most inputs in one: a burst of sends is cut into batches that overlap (the
 * first ones send while the later ones are claimed) instead of one large statement everyone
 * waits for. Chosen with `send-ledger` (1 in flight: 0.71×; 2 × 64: 0.78–0.88×; 3 × 32: 0.80×).
 */
const BATCHES_IN_FLIGHT = 2;
const BATCH_ROWS = 64;
/** Rows the sweep statements change per round trip (they loop until fewer come back). */
const SWEEP_BATCH = 500;

/** The answer of `takeAndClaim`. */
export interface TakenDeliveries {
  /** How many queued rows were found (0: the outbox is empty). */
  picked: number;
  /** The token the slots were claimed under; `undefined` when the claim failed (nothing taken). */
  token?: string;
  /** The records moved to `sending`, in order. */
  taken: StoredDelivery[];
}

/** Filter of `outbox()`: one page of the outbox in sending order. */
export interface OutboxFilter {
  accountId?: string;
  userId?: string;
  /** Only records after this id (the last id of the previous page). */
  afterId?: string;
  /** @default 100 */
  limit?: number;
}

/** Filter of `listDeliveries`. */
export interface DeliveryFilter {
  accountId?: string;
  userId?: string;
  state?: DeliveryState;
  /** @default 100 */
  limit?: number;
}

/**
 * The `weixin_delivery` table through raw parameterized SQL (no ORM on the send path). Claims
 * and outcomes that arrive in the same event-loop turn are written together in one prepared
 * statement (at most one claim per (account, user) and one outcome per record in each), every
 * caller still awaiting its own durable rows.
 */
@Injectable()
export class DeliveryStore {
  private readonly logger = new Logger(DeliveryStore.name);
  private readonly sendOps = new MicroBatcher<
    SendOp,
    ClaimedDeliveries | StoredDelivery | undefined
  >((batch) => this.sendOpsBatch(batch), {
    keyOf: (op) =>
      'claim' in op
        ? `c\u0000${op.claim.accountId}\u0000${op.claim.userId}`
        : `s\u0000${op.outcome.record.id}`,
    timeoutMs: BATCH_WAIT_MS,
    concurrency: BATCHES_IN_FLIGHT,
    maxBatch: BATCH_ROWS,
  });

  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Records the messages of one send. With a key, messages whose (account, key, seq) exists are
   * skipped: the answer then lacks them (a concurrent or earlier call owns them).
   */
  async insert(
    accountId: string,
    userId: string,
    key: string | undefined,
    ttlMs: number,
    rows: NewDelivery[],
  ): Promise<StoredDelivery[]> {
    const out = await this.query(DeliverySql.insert, [
      accountId,
      userId,
      key ?? null,
      ttlMs,
      ...this.arrays(rows),
    ]);
    return sortById(out);
  }

  /**
   * Claims one reply slot per row and records the rows as `sending`, in one statement. Answers
   * `null` when the claim failed (nothing changed); else the token and the rows inserted (fewer
   * than given when the idempotency key already holds some: their slots stay claimed).
   */
  async claimAndInsert(
    accountId: string,
    userId: string,
    key: string | undefined,
    rows: NewDelivery[],
    quota: number,
    windowMs: number,
  ): Promise<ClaimedDeliveries> {
    if (claimBatchable(accountId, userId, key, rows, quota, windowMs)) {
      const claim: ClaimInput = { accountId, userId, key, rows, quota, windowMs };
      return (await this.sendOps.add({ claim })) as ClaimedDeliveries;
    }
    const out = await queryRows<DeliveryRow & { claimed_token: string }>(
      this.dataSource,
      DeliverySql.claimAndInsert,
      [accountId, userId, key ?? null, rows.length, ...this.arrays(rows), quota, windowMs, null],
    );
    if (out.length === 0) return null;
    const inserted = out.filter((r) => r.id !== null).map(toRecord);
    return { token: out[0]!.claimed_token, inserted: sortById(inserted) };
  }

  /** The records of an idempotency key, in send order. */
  async byKey(accountId: string, key: string): Promise<StoredDelivery[]> {
    return this.query(DeliverySql.byKey, [accountId, key]);
  }

  /** One record, or `null`. */
  async get(id: string): Promise<StoredDelivery | null> {
    if (!/^\d{1,19}$/u.test(id)) return null;
    return (await this.query(DeliverySql.get, [id]))[0] ?? null;
  }

  /**
   * Stores the outcome of a send attempt of `record` (as it was when claimed). Answers the record
   * settled, or `null` (and logs) when it is gone — its account was deleted meanwhile — so there
   * is nothing to report.
   */
  async settle(
    record: StoredDelivery,
    o: DeliveryOutcome,
    ttlMs: number,
  ): Promise<StoredDelivery | null> {
    const id = record.id;
    let row: StoredDelivery | undefined;
    if (outcomeBatchable(id, o, ttlMs)) {
      row = (await this.sendOps.add({ outcome: { record, outcome: o, ttlMs } })) as
        StoredDelivery | undefined;
    } else {
      const rows = await this.query(DeliverySql.settle, [
        id,
        o.state,
        o.serverMessageId ?? null,
        o.ret ?? null,
        o.errmsg ?? null,
        o.reason ?? null,
        o.cause ?? null,
        o.attempted ? 1 : 0,
        ttlMs,
      ]);
      row = rows[0];
    }
    if (!row) this.logger.warn(M.settledGone(id, o.state));
    return row ?? null;
  }

  /** Puts `sending` records back in the outbox. */
  async requeue(
    ids: string[],
    reason: string,
    cause: DeliveryCause,
    ttlMs: number,
  ): Promise<StoredDelivery[]> {
    if (ids.length === 0) return [];
    return sortById(await this.query(DeliverySql.requeue, [ids, reason, cause, ttlMs]));
  }

  /**
   * Claims reply slots under `token` for up to `limit` of the user's oldest queued records and
   * moves them to `sending`, in one statement: no record is `sending` without its slot.
   */
  async takeAndClaim(
    accountId: string,
    userId: string,
    limit: number,
    quota: number,
    windowMs: number,
    token: string,
  ): Promise<TakenDeliveries> {
    const out = await queryRows<
      Omit<DeliveryRow, 'id'> & { id: string | null; picked: number; claimed_token: string | null }
    >(this.dataSource, DeliverySql.takeAndClaim, [
      accountId,
      userId,
      limit,
      quota,
      windowMs,
      token,
    ]);
    const first = out[0];
    const answer: TakenDeliveries = { picked: first?.picked ?? 0, taken: [] };
    if (first?.claimed_token) answer.token = first.claimed_token;
    for (const r of out) if (r.id !== null) answer.taken.push(toRecord({ ...r, id: r.id }));
    sortById(answer.taken);
    return answer;
  }

  /** Cancels a queued record; `null` when it is not queued. */
  async cancel(id: string): Promise<StoredDelivery | null> {
    if (!/^\d{1,19}$/u.test(id)) return null;
    return (await this.query(DeliverySql.cancel, [id]))[0] ?? null;
  }

  /** Marks expired queued records `expired` and answers them (in rounds of a bounded size). */
  async expire(): Promise<StoredDelivery[]> {
    return this.inRounds((limit) => this.query(DeliverySql.expire, [limit]));
  }

  /**
   * Marks records stuck in `sending` for `olderThanMs` as `unknown` and answers them (in rounds of
   * a bounded size).
   */
  async interrupted(olderThanMs: number): Promise<StoredDelivery[]> {
    return this.inRounds((limit) => this.query(DeliverySql.interrupted, [olderThanMs, limit]));
  }

  /** Every (account, user) with queued records, read in pages. */
  async queuedUsers(): Promise<{ accountId: string; userId: string }[]> {
    const all: { accountId: string; userId: string }[] = [];
    let after = { accountId: '', userId: '' };
    for (;;) {
      const rows = await queryRows<{ account_id: string; user_id: string }>(
        this.dataSource,
        DeliverySql.queuedUsers,
        [after.accountId, after.userId, SWEEP_BATCH],
      );
      for (const r of rows) all.push((after = { accountId: r.account_id, userId: r.user_id }));
      if (rows.length < SWEEP_BATCH) return all;
    }
  }

  /** How many records of the user are queued. */
  async countQueued(accountId: string, userId: string): Promise<number> {
    const rows = await queryRows<{ n: number }>(this.dataSource, DeliverySql.countQueued, [
      accountId,
      userId,
    ]);
    return rows[0]?.n ?? 0;
  }

  /** Records, newest first. */
  async list(f: DeliveryFilter): Promise<StoredDelivery[]> {
    return this.query(DeliverySql.list, [
      f.accountId ?? null,
      f.userId ?? null,
      f.state ?? null,
      f.limit ?? 100,
    ]);
  }

  /** One page of queued records in sending order. */
  async outbox(f: OutboxFilter = {}): Promise<StoredDelivery[]> {
    const afterId = f.afterId !== undefined && isDeliveryId(f.afterId) ? f.afterId : null;
    return this.query(OUTBOX_SQL, [f.accountId ?? null, f.userId ?? null, afterId, f.limit ?? 100]);
  }

  private async inRounds(
    round: (limit: number) => Promise<StoredDelivery[]>,
  ): Promise<StoredDelivery[]> {
    const all: StoredDelivery[] = [];
    for (;;) {
      const rows = await round(SWEEP_BATCH);
      all.push(...rows);
      if (rows.length < SWEEP_BATCH) return sortById(all);
    }
  }

  /** Runs claims and outcomes that arrived together as one statement; answers each its own. */
  private async sendOpsBatch(
    ops: SendOp[],
  ): Promise<(ClaimedDeliveries | StoredDelivery | undefined)[]> {
    const claims: ClaimInput[] = [];
    const outcomes: OutcomeInput[] = [];
    for (const op of ops) {
      if ('claim' in op) claims.push(op.claim);
      else outcomes.push(op.outcome);
    }
    const rows = claims.flatMap((c) => c.rows);
    const out = await queryRows<SendOpRow>(
      this.dataSource,
      DeliverySql.claimAndSettleBatch,
      [
        claims.map((_, i) => i),
        claims.map((c) => c.accountId),
        claims.map((c) => c.userId),
        claims.map((c) => c.key ?? null),
        claims.map((c) => c.rows.length),
        claims.map((c) => c.quota),
        claims.map((c) => c.windowMs),
        claims.flatMap((c, i) => c.rows.map(() => i)),
        ...this.arrays(rows),
        outcomes.map((s) => s.record.id),
        outcomes.map((s) => s.outcome.state),
        outcomes.map((s) => s.outcome.serverMessageId ?? null),
        outcomes.map((s) => s.outcome.ret ?? null),
        outcomes.map((s) => s.outcome.errmsg ?? null),
        outcomes.map((s) => s.outcome.reason ?? null),
        outcomes.map((s) => s.outcome.cause ?? null),
        outcomes.map((s) => (s.outcome.attempted ? 1 : 0)),
        outcomes.map((s) => s.ttlMs),
      ],
      'weixin_claim_and_settle_batch',
    );
    const claimed = claimAnswers(claims, out);
    const settled = new Map<string, SendOpRow>();
    for (const r of out) if (r.op === 's') settled.set(r.id!, r);
    let nextClaim = 0;
    return ops.map((op) => {
      if ('claim' in op) return claimed[nextClaim++]!;
      const row = settled.get(op.outcome.record.id);
      return row && settledRecord(op.outcome.record, op.outcome.outcome, row);
    });
  }

  private arrays(rows: NewDelivery[]): unknown[] {
    return [
      rows.map((r) => r.seq),
      rows.map((r) => r.kind),
      rows.map((r) => r.state),
      rows.map((r) => r.text ?? null),
      rows.map((r) => (r.item ? JSON.stringify(r.item) : null)),
      rows.map((r) => r.part),
      rows.map((r) => r.parts),
      rows.map((r) => r.clientId),
      rows.map((r) => r.reason ?? null),
      rows.map((r) => r.cause ?? null),
    ];
  }

  private async query(sql: string, params: unknown[] = []): Promise<StoredDelivery[]> {
    const rows = await queryRows<DeliveryRow>(this.dataSource, sql, params);
    return rows.map(toRecord);
  }
}

/** A stored delivery of its row. */
export function toRecord(r: DeliveryRow): StoredDelivery {
  const record: StoredDelivery = {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    seq: r.seq,
    kind: r.kind,
    state: r.state,
    part: r.part,
    parts: r.parts,
    clientId: r.client_id,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.text !== null) record.text = r.text;
  if (r.item !== null) record.item = r.item;
  if (r.idempotency_key !== null) record.idempotencyKey = r.idempotency_key;
  if (r.server_message_id !== null) record.serverMessageId = r.server_message_id;
  if (r.ret !== null) record.ret = r.ret;
  if (r.errmsg !== null) record.errmsg = r.errmsg;
  if (r.reason !== null) record.reason = r.reason;
  if (r.cause !== null) record.cause = r.cause;
  if (r.expires_at !== null) record.expiresAt = r.expires_at;
  return record;
}
