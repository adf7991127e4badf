import type { DataSource } from 'typeorm';
import { MicroBatcher } from '../../persistence/micro-batcher.js';
import { queryRows } from '../../persistence/raw-query.js';
import type { StoredDelivery } from './delivery.records.js';
import { DeliverySql } from './delivery.sql.js';
import {
  outcomeArrays,
  settledRecords,
  type OutcomeInput,
  type SendOpRow,
} from './send-batch.records.js';
import { SEND_PATH_BATCHING } from './send-ops.batcher.js';

/**
 * `accepted` outcomes that arrive in the same event-loop turn, stored together by one prepared
 * statement that commits without waiting for its WAL flush (`DeliverySql.settleAcceptedBatch`).
 * Such an outcome guards nothing: the reply's slot was taken by a durable claim before the
 * request, and a record whose outcome a Postgres crash lost reads `unknown` later, never sent
 * again. So the sender waits for the row, not for the disk: one fsync less per send. Outcomes
 * that decide what happens next (`queued` goes back to the outbox, refusals) stay synchronous.
 */
export class AcceptedOutcomesBatcher {
  private readonly batcher = new MicroBatcher<OutcomeInput, StoredDelivery | undefined>(
    (batch) => this.run(batch),
    { keyOf: (o) => o.record.id, ...SEND_PATH_BATCHING },
  );

  constructor(private readonly dataSource: DataSource) {}

  /** Queues `outcome` (state `accepted`) for the next batch; answers the settled record. */
  add(outcome: OutcomeInput): Promise<StoredDelivery | undefined> {
    return this.batcher.add(outcome);
  }

  private async run(outcomes: OutcomeInput[]): Promise<(StoredDelivery | undefined)[]> {
    const out = await queryRows<SendOpRow>(
      this.dataSource,
      DeliverySql.settleAcceptedBatch,
      outcomeArrays(outcomes),
      'weixin_settle_accepted_batch',
    );
    return settledRecords(outcomes, out);
  }
}
