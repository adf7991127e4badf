import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WEIXIN_DATA_SOURCE } from '../../weixin.constants.js';
import { queryRows } from '../../persistence/raw-query.js';

const OPEN_SQL = `
  INSERT INTO weixin_send_breaker (account_id, open_until, reason)
  VALUES ($1, now() + $2::double precision * interval '1 millisecond', $3)
  ON CONFLICT (account_id) DO UPDATE SET
    open_until = greatest(weixin_send_breaker.open_until, EXCLUDED.open_until),
    reason = EXCLUDED.reason,
    opened = weixin_send_breaker.opened + 1,
    updated_at = now()
  RETURNING open_until`;

const CLOSE_SQL = `DELETE FROM weixin_send_breaker WHERE account_id = $1`;

/**
 * The per-account `ret -2` breaker, one row in `weixin_send_breaker` shared by every replica:
 * while `open_until` lies ahead (database clock), sends of the account are queued instead of
 * reaching the server. `SendLedger.claim` checks it in the same statement that claims slots.
 */
@Injectable()
export class SendBreaker {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Opens the breaker for `ms` (never shortens an open one). Answers when it closes. */
  async open(accountId: string, ms: number, reason: string): Promise<Date> {
    const rows = await queryRows<{ open_until: Date }>(this.dataSource, OPEN_SQL, [
      accountId,
      ms,
      reason,
    ]);
    return rows[0]!.open_until;
  }

  /** Closes the breaker now. */
  async close(accountId: string): Promise<void> {
    await queryRows(this.dataSource, CLOSE_SQL, [accountId]);
  }
}
