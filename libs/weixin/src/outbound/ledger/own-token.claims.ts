import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WEIXIN_DATA_SOURCE } from '../../weixin.constants.js';
import { toRecord, type DeliveryRow } from './delivery-row.mapper.js';
import type { StoredDelivery } from './delivery.records.js';
import { OwnTokenSql } from './own-token.sql.js';
import { queryRows } from '../../persistence/raw-query.js';
import { sortById } from './send-batch.records.js';

/** A queued record at the head of a user's outbox, with the token of the message it answers. */
export interface QueuedHead {
  id: string;
  /** The context token of the message the reply answers (secret: never log it). */
  token?: string;
  /** When that message was sent (epoch ms). */
  receivedAtMs?: number;
}

/**
 * Claims for replies to older messages: each message's context token has its own quota (10
 * replies) and window, so a backlog of many messages from one user is answered under each
 * message's own token instead of all waiting on the newest token's 10 slots.
 */
@Injectable()
export class OwnTokenClaims {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The first `limit` queued records of (account, user) in sending order. */
  async head(accountId: string, userId: string, limit: number): Promise<QueuedHead[]> {
    const rows = await queryRows<{ id: string; token: string | null; received_ms: number | null }>(
      this.dataSource,
      OwnTokenSql.head,
      [accountId, userId, limit],
    );
    return rows.map((r) => {
      const head: QueuedHead = { id: r.id };
      if (r.token) head.token = r.token;
      if (r.received_ms !== null) head.receivedAtMs = Number(r.received_ms);
      return head;
    });
  }

  /**
   * Moves to `sending` as many of `run` (queued records answering messages of `token`, in
   * order) as the older token has slots left, claiming them; answers those records (none when
   * the token is the newest, spent, retired, out of its window, or the account cannot send).
   */
  async take(
    accountId: string,
    userId: string,
    run: QueuedHead[],
    token: string,
    quota: number,
    windowMs: number,
  ): Promise<StoredDelivery[]> {
    const receivedAtMs = run[0]?.receivedAtMs ?? Date.now();
    await queryRows(this.dataSource, OwnTokenSql.seed, [accountId, userId, token, receivedAtMs]);
    const rows = await queryRows<DeliveryRow>(this.dataSource, OwnTokenSql.take, [
      accountId,
      userId,
      run.map((r) => r.id),
      token,
      quota,
      windowMs,
    ]);
    return sortById(rows.map(toRecord));
  }
}
