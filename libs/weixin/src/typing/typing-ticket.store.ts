import type { DataSource } from 'typeorm';

/** A typing ticket as stored. */
export interface StoredTypingTicket {
  /** The `typing_ticket` (secret). */
  ticket: string;
  /** When `getconfig` answered it. */
  fetchedAt: Date;
  /** When it stops being used. */
  expiresAt: Date;
}

interface TicketRecord {
  ticket: string;
  fetched_at: Date;
  expires_at: Date;
}

const SQL = {
  /** $1 account, $2 user, $3 ttl ms (a lowered `ticketTtlMs` applies to stored tickets too). */
  get: `
    SELECT ticket, fetched_at, expires_at
    FROM weixin_typing_ticket
    WHERE account_id = $1 AND user_id = $2
      AND expires_at > now()
      AND fetched_at > now() - make_interval(secs => $3::double precision / 1000)`,
  /** $1 account, $2 user, $3 ticket, $4 ttl ms. No row when the account is unknown. */
  save: `
    INSERT INTO weixin_typing_ticket (account_id, user_id, ticket, fetched_at, expires_at)
    SELECT $1, $2, $3, now(), now() + make_interval(secs => $4::double precision / 1000)
    WHERE EXISTS (SELECT 1 FROM weixin_account WHERE id = $1)
    ON CONFLICT (account_id, user_id) DO UPDATE
      SET ticket = EXCLUDED.ticket, fetched_at = EXCLUDED.fetched_at,
          expires_at = EXCLUDED.expires_at
    RETURNING ticket, fetched_at, expires_at`,
  /** $1 account, $2 user, $3 the rejected ticket. */
  remove: `DELETE FROM weixin_typing_ticket WHERE account_id = $1 AND user_id = $2 AND ticket = $3`,
};

/**
 * The database copy of typing tickets (`weixin_typing_ticket`), so a restarted process or another
 * replica reuses a ticket instead of calling `getconfig` again. Times come from the database clock.
 */
export class TypingTicketStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ttlMs: number,
  ) {}

  /** The user's unexpired ticket, or `null`. */
  async get(accountId: string, userId: string): Promise<StoredTypingTicket | null> {
    const rows = await this.run(SQL.get, [accountId, userId, this.ttlMs]);
    return rows[0] ? toTicket(rows[0]) : null;
  }

  /** Stores a fresh ticket and answers it with its times (`null` when the account is unknown). */
  async save(
    accountId: string,
    userId: string,
    ticket: string,
  ): Promise<StoredTypingTicket | null> {
    const rows = await this.run(SQL.save, [accountId, userId, ticket, this.ttlMs]);
    return rows[0] ? toTicket(rows[0]) : null;
  }

  /** Deletes the user's ticket when it is still `ticket` (the server rejected it). */
  async remove(accountId: string, userId: string, ticket: string): Promise<void> {
    await this.run(SQL.remove, [accountId, userId, ticket]);
  }

  private async run(sql: string, params: unknown[]): Promise<TicketRecord[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as TicketRecord[];
    } finally {
      await runner.release();
    }
  }
}

function toTicket(r: TicketRecord): StoredTypingTicket {
  return { ticket: r.ticket, fetchedAt: r.fetched_at, expiresAt: r.expires_at };
}
