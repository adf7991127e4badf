import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { describeError } from '../../errors/describe-error.js';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { queryRows } from '../../persistence/raw-query.js';
import { isTransientDbError } from '../../persistence/transient-db-error.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../../weixin.constants.js';
import { toRecord, type DeliveryRow } from './delivery-row.mapper.js';
import type { StoredDelivery } from './delivery.store.js';
import type { ReplyRecords } from './reply.outbox.js';
import { ReplyOutboxSql } from './reply-outbox.sql.js';

/**
 * What recording a handler's replies did: whether the lease was `held` at the epoch, the records
 * recorded (`ids`) and those claimed and left `sending` in the same write (`taken`: all of them,
 * or none).
 */
export interface Recorded {
  held: boolean;
  ids: string[];
  taken: StoredDelivery[];
}

/** `Recorded`, and whether the statement marked the row `done`. */
export interface RecordedWithDone extends Recorded {
  done: boolean;
}

/** Where an inbox row's replies are recorded: its account, sender and row id. */
export interface ReplyRow {
  accountId: string;
  userId: string;
  inboxId: string;
}

/** The lease a row's writes are fenced by. */
export interface ReplyFence {
  owner: string;
  epoch: string;
}

/** A row of the recording statements: their flags, and a recorded reply's columns. */
type RecordedRow = { held: boolean; claimed: boolean; done?: boolean } & (
  DeliveryRow | { id: null }
);

/**
 * Writes a handler's reply records with its inbox row's done mark (`ReplyOutboxSql`), claiming
 * their reply slots in the same write when the message's token allows, so that they go out with
 * no other write. A claim that fails for a reason of its own never holds the done mark back: the
 * replies are then recorded queued, for the outbox.
 */
@Injectable()
export class ReplyRecordStore {
  private readonly logger = new Logger('ReplyOutbox');

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /**
   * Marks the row done (fenced by `fence`) and records `records` in one statement, claimed under
   * `token` (the context token of the message they answer) when it is the user's newest and has
   * the slots, else queued (see `ReplyOutboxSql.recordWithDone`).
   */
  async recordWithDone(
    row: ReplyRow,
    fence: ReplyFence,
    records: ReplyRecords,
    token: string | undefined,
  ): Promise<RecordedWithDone> {
    const run = async (claimUnder: string | undefined): Promise<RecordedWithDone> => {
      const rows = await queryRows<RecordedRow>(
        this.dataSource,
        ReplyOutboxSql.recordWithDone,
        [row.accountId, row.userId, row.inboxId, ...this.fencedParams(fence, records, claimUnder)],
        'weixin_record_replies_with_done',
      );
      return { ...recordedOf(rows), done: rows[0]?.done === true };
    };
    try {
      return await run(token);
    } catch (err) {
      // The statement failed and wrote nothing: once more without the claim.
      if (token === undefined || isTransientDbError(err)) throw err;
      this.logger.warn(
        `replies of inbox row ${row.inboxId} recorded unclaimed: ${describeError(err)}`,
      );
      return run(undefined);
    }
  }

  /**
   * Records `records` in the handler's open transaction (`runner`, its done mark written),
   * claimed under `token` when it allows, as `recordWithDone` does; a failed claim is rolled back
   * to a savepoint and the replies recorded queued.
   */
  async recordInTransaction(
    runner: QueryRunner,
    row: Omit<ReplyRow, 'inboxId'>,
    fence: ReplyFence,
    records: ReplyRecords,
    token: string | undefined,
  ): Promise<Recorded> {
    const run = async (claimUnder: string | undefined): Promise<Recorded> => {
      const result = await runner.query(
        ReplyOutboxSql.recordInTransaction,
        [row.accountId, row.userId, ...this.fencedParams(fence, records, claimUnder)],
        true,
      );
      return recordedOf(result.records as RecordedRow[]);
    };
    if (token === undefined || records.keys.length === 0) return run(undefined);
    await runner.query('SAVEPOINT weixin_reply_claim');
    try {
      return await run(token);
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      this.logger.warn(
        `replies recorded unclaimed in a handler transaction: ${describeError(err)}`,
      );
      await runner.query('ROLLBACK TO SAVEPOINT weixin_reply_claim');
      return run(undefined);
    }
  }

  /**
   * The records of `keys` still `sending`: the replies a recording write claimed when its commit
   * answer was lost and the row turned out done. Nothing else sends them.
   */
  async claimedOf(accountId: string, userId: string, keys: string[]): Promise<StoredDelivery[]> {
    if (keys.length === 0) return [];
    const rows = await queryRows<DeliveryRow>(this.dataSource, ReplyOutboxSql.claimedOf, [
      accountId,
      userId,
      [...new Set(keys)],
    ]);
    return rows.map(toRecord);
  }

  /**
   * The parameters both recording statements take after their row: the fence, the claim of
   * `records` under `token` (none when undefined), and the records.
   */
  private fencedParams(
    fence: ReplyFence,
    records: ReplyRecords,
    token: string | undefined,
  ): unknown[] {
    const o = this.options.send;
    const claim = [token ?? null, o.quota, o.windowMs, records.keys.length];
    return [fence.owner, fence.epoch, ...claim, ...recordParams(records)];
  }
}

/** The parameters of `records` for the statements of `ReplyOutboxSql`. */
function recordParams(records: ReplyRecords): unknown[] {
  return [
    records.ttlMs,
    records.keys,
    records.seqs,
    records.kinds,
    records.texts,
    records.items,
    records.parts,
    records.partCounts,
    records.clientIds,
    records.reasons,
  ];
}

function recordedOf(rows: RecordedRow[]): Recorded {
  const first = rows[0];
  const recorded = rows.filter((r): r is RecordedRow & DeliveryRow => r.id !== null);
  return {
    held: first?.held === true,
    ids: recorded.map((r) => r.id),
    taken: first?.claimed ? recorded.map(toRecord) : [],
  };
}
