import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { queryRows } from '../../persistence/raw-query.js';
import { WEIXIN_DATA_SOURCE } from '../../weixin.constants.js';
import type { DeliveryCause } from '../../interfaces/outbound.types.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import { rowArrays, toRecord, type DeliveryRow } from './delivery-row.mapper.js';
import type {
  ClaimedDeliveries,
  DeliveryFilter,
  DeliveryOutcome,
  NewDelivery,
  OutboxFilter,
  StoredDelivery,
  TakenDeliveries,
} from './delivery.records.js';
import { DeliverySql, OUTBOX_SQL } from './delivery.sql.js';
import { claimBatchable, isDeliveryId, outcomeBatchable } from './send-batch.checks.js';
import { sortById, type ClaimInput } from './send-batch.records.js';
import { SendOpsBatcher } from './send-ops.batcher.js';

// The record types of this store, for its callers.
export type * from './delivery.records.js';

/** Rows the sweep statements change per round trip (they loop until fewer come back). */
const SWEEP_BATCH = 500;

/**
 * The `weixin_delivery` table through raw parameterized SQL (no ORM on the send path). Claims
 * and outcomes of the send path go through a `SendOpsBatcher`: those that arrive in the same
 * event-loop turn are written together in one statement.
 */
@Injectable()
export class DeliveryStore {
  private readonly logger = new Logger(DeliveryStore.name);
  private readonly sendOps: SendOpsBatcher;

  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {
    this.sendOps = new SendOpsBatcher(dataSource);
  }

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
      ...rowArrays(rows),
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
    const claim: ClaimInput = { accountId, userId, key, rows, quota, windowMs };
    if (claimBatchable(claim)) return (await this.sendOps.add({ claim })) as ClaimedDeliveries;
    const out = await queryRows<DeliveryRow & { claimed_token: string }>(
      this.dataSource,
      DeliverySql.claimAndInsert,
      [accountId, userId, key ?? null, rows.length, ...rowArrays(rows), quota, windowMs, null],
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

  private async query(sql: string, params: unknown[] = []): Promise<StoredDelivery[]> {
    const rows = await queryRows<DeliveryRow>(this.dataSource, sql, params);
    return rows.map(toRecord);
  }
}
