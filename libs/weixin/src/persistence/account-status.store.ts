import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { TokenCipher } from './token-cipher.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import { WEIXIN_TOKEN_CIPHER } from './persistence.constants.js';
import type { WeixinAccountState } from './weixin-store.types.js';

/** An account with its lease as the database sees it now (no token). */
export interface AccountStatusRow {
  id: string;
  state: WeixinAccountState;
  ownerUserId: string | null;
  lastPollAt: Date | null;
  lastError: string | null;
  /** The replica that holds or last held the lease. */
  leaseOwner: string | null;
  leaseEpoch: string | null;
  leaseExpiresAt: Date | null;
  /** Whether the lease is unexpired by the database clock. */
  leaseLive: boolean;
  /** Milliseconds since the last successful poll by the database clock (null: never). */
  sinceLastPollMs: number | null;
  createdAt: Date;
}

interface StatusRecord {
  id: string;
  state: WeixinAccountState;
  owner_user_id: string | null;
  last_poll_at: Date | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_epoch: string | null;
  lease_expires_at: Date | null;
  lease_live: boolean;
  since_last_poll_ms: number | null;
  created_at: Date;
}

const STATUS_SQL = `
  SELECT a.id, a.state, a.owner_user_id, a.last_poll_at, a.last_error, a.created_at,
         l.owner AS lease_owner, l.epoch::text AS lease_epoch, l.expires_at AS lease_expires_at,
         coalesce(l.expires_at > now(), false) AS lease_live,
         (extract(epoch FROM now() - a.last_poll_at) * 1000)::float8 AS since_last_poll_ms
  FROM weixin_account a
  LEFT JOIN weixin_lease l ON l.account_id = a.id`;

/**
 * Read-mostly account queries of the admin API, health and login: accounts joined with their
 * lease (liveness by the database clock), stored tokens for `local_token_list`, poll heartbeats
 * and reply-quota samples.
 */
@Injectable()
export class AccountStatusStore {
  constructor(
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WEIXIN_TOKEN_CIPHER) private readonly cipher: TokenCipher,
  ) {}

  /** Every account (or one) with its lease. */
  async statuses(accountId?: string): Promise<AccountStatusRow[]> {
    const rows = (await this.dataSource.query(
      `${STATUS_SQL} WHERE $1::text IS NULL OR a.id = $1 ORDER BY a.id`,
      [accountId ?? null],
    )) as StatusRecord[];
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      ownerUserId: r.owner_user_id,
      lastPollAt: r.last_poll_at,
      lastError: r.last_error,
      leaseOwner: r.lease_owner,
      leaseEpoch: r.lease_epoch,
      leaseExpiresAt: r.lease_expires_at,
      leaseLive: r.lease_live,
      sinceLastPollMs: r.since_last_poll_ms === null ? null : Number(r.since_last_poll_ms),
      createdAt: r.created_at,
    }));
  }

  /**
   * The bot tokens of the `limit` most recently registered accounts, newest first (the
   * `local_token_list` of protocol §6.1). Tokens that no longer decrypt are skipped.
   */
  async localTokens(limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      'SELECT token_enc FROM weixin_account ORDER BY created_at DESC, id LIMIT $1',
      [limit],
    )) as { token_enc: string }[];
    const tokens: string[] = [];
    for (const row of rows) {
      try {
        tokens.push(this.cipher.decrypt(row.token_enc));
      } catch {
        // An undecryptable token (retired key) cannot identify the bot: leave it out.
      }
    }
    return tokens;
  }

  /** Records a successful poll of `accountIds` now (one statement); clears their last error. */
  async touchPolls(accountIds: string[]): Promise<void> {
    if (accountIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE weixin_account SET last_poll_at = now(), last_error = NULL
       WHERE id = ANY ($1::text[]) AND state = 'active'`,
      [accountIds],
    );
  }

  /**
   * Replies left per account: the sum over users whose reply window (`windowMs` after their last
   * message) is open of `maxReplies - replies_used`.
   */
  async repliesLeft(windowMs: number, maxReplies: number): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT account_id, sum(greatest($2::int - replies_used, 0))::int AS left_
       FROM weixin_user_context
       WHERE received_at > now() - $1::double precision * interval '1 millisecond'
       GROUP BY account_id`,
      [windowMs, maxReplies],
    )) as { account_id: string; left_: number }[];
    return new Map(rows.map((r) => [r.account_id, r.left_]));
  }

  /** Inbox rows by account and status (`pending`, `dead`). */
  async inboxBacklog(): Promise<{ accountId: string; status: string; count: number }[]> {
    const rows = (await this.dataSource.query(
      // From the open rows only, so handled rows are never scanned.
      `SELECT account_id, CASE WHEN dead THEN 'dead' ELSE 'pending' END AS status,
         count(*)::int AS n
       FROM weixin_inbox_open GROUP BY account_id, dead`,
    )) as { account_id: string; status: string; n: number }[];
    return rows.map((r) => ({ accountId: r.account_id, status: r.status, count: r.n }));
  }

  /** Outbound messages waiting in the outbox, by account. */
  async outboxDepth(): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT account_id, count(*)::int AS n FROM weixin_delivery
       WHERE state = 'queued' GROUP BY account_id`,
    )) as { account_id: string; n: number }[];
    return new Map(rows.map((r) => [r.account_id, r.n]));
  }
}
