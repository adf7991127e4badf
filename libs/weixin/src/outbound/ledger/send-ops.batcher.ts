import type { DataSource } from 'typeorm';
import { MicroBatcher } from '../../persistence/micro-batcher.js';
import { queryRows } from '../../persistence/raw-query.js';
import { rowArrays } from './delivery-row.mapper.js';
import type { ClaimedDeliveries, StoredDelivery } from './delivery.records.js';
import { DeliverySql } from './delivery.sql.js';
import {
  claimAnswers,
  settledRecord,
  type ClaimInput,
  type OutcomeInput,
  type SendOp,
  type SendOpRow,
} from './send-batch.records.js';

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
/**
 * From this many waiting claims and outcomes, they are shared between the free batches instead
 * of all going into one. Chosen with a 50-user `send-ledger` diagnostic (3 alternating runs: 0.76×,
 * 0.76×, 0.69× raw against 0.63×, 0.66×, 0.76× without; at 200 users 0.96× and 1.01× against
 * 0.83× and 0.80×): 50 senders released together by one statement used to wait as one batch of 50.
 */
const SPREAD_FROM = 8;

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
    timeoutMs: BATCH_WAIT_MS,
    concurrency: BATCHES_IN_FLIGHT,
    maxBatch: BATCH_ROWS,
    spreadFrom: SPREAD_FROM,
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
}
