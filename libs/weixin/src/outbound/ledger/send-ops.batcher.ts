import type { DataSource } from 'typeorm';
import { MicroBatcher } from '../../persistence/micro-batcher.js';
import { queryRows } from '../../persistence/raw-query.js';
import { rowArrays } from './delivery-row.mapper.js';
import type { ClaimedDeliveries, StoredDelivery } from './delivery.records.js';
import { DeliverySql } from './delivery.sql.js';
import {
  claimAnswers,
  outcomeArrays,
  settledRecords,
  type ClaimInput,
  type OutcomeInput,
  type SendOp,
  type SendOpRow,
} from './send-batch.records.js';

/**
 * How the send path batches its statements. `timeoutMs`: the longest wait for one batched
 * statement; the pool's `statement_timeout` should end it sooner in the database (see
 * `MicroBatcherOptions.timeoutMs`). `concurrency` and `maxBatch`: batched statements running at
 * once, each on its own connection, and the most inputs in one: a burst of sends is cut into
 * batches that overlap (the first ones send while the later ones are claimed) instead of one
 * large statement everyone waits for. Chosen with `send-ledger` (1 in flight: 0.71×; 2 × 64:
 * 0.78–0.88×; 3 × 32: 0.80×).
 */
const SEND_PATH_BATCHING = { timeoutMs: 60_000, concurrency: 2, maxBatch: 64 } as const;

/**
 * Claims and outcomes that arrive in the same event-loop turn, written together in one prepared
 * statement (at most one claim per (account, user) and one outcome per record in each), every
 * caller still awaiting its own durable rows.
 */
export class SendOpsBatcher {
  private readonly batcher = new MicroBatcher<
    SendOp,
    ClaimedDeliveries | StoredDelivery | undefined
  >((batch) => this.run(batch), {
    keyOf: (op) =>
      'claim' in op
        ? `c\u0000${op.claim.accountId}\u0000${op.claim.userId}`
        : `s\u0000${op.outcome.record.id}`,
    ...SEND_PATH_BATCHING,
  });

  constructor(private readonly dataSource: DataSource) {}

  /** Queues `op` for the next batch; answers its claim or its settled record. */
  add(op: SendOp): Promise<ClaimedDeliveries | StoredDelivery | undefined> {
    return this.batcher.add(op);
  }

  /** Runs claims and outcomes that arrived together as one statement; answers each its own. */
  private async run(ops: SendOp[]): Promise<(ClaimedDeliveries | StoredDelivery | undefined)[]> {
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
        ...rowArrays(rows),
        ...outcomeArrays(outcomes),
      ],
      'weixin_claim_and_settle_batch',
    );
    const claimed = claimAnswers(claims, out);
    const settled = settledRecords(outcomes, out);
    let nextClaim = 0;
    let nextOutcome = 0;
    return ops.map((op) => ('claim' in op ? claimed[nextClaim++]! : settled[nextOutcome++]));
  }
}
