import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { WeixinAccountState } from '../../persistence/index.js';
import { WEIXIN_DATA_SOURCE } from '../../weixin.constants.js';
import { queryRows } from '../../persistence/raw-query.js';
import { lostAnswerError } from '../../persistence/transient-db-error.js';

const MS = `::double precision * interval '1 millisecond'`;

/** SQL expressions (parameters or columns) of one claim of reply slots. */
export interface ClaimTerms {
  account: string;
  user: string;
  n: string;
  quota: string;
  windowMs: string;
}

/**
 * When `weixin_user_context c` grants `n` slots: the row is the (account, user)'s, its token is
 * not retired, `n` slots are left of `quota`, the window is open (database clock), the account's breaker is closed and its
 * session valid — and, unless `behindOutbox` is false (the outbox flush itself), no unexpired
 * message of the (account, user) waits in the outbox, so a new send never overtakes queued ones.
 */
export function claimConditions(t: ClaimTerms, behindOutbox = true): string {
  const outbox = behindOutbox ? `\n      AND NOT EXISTS (${queuedExists(t.account, t.user)})` : '';
  return `c.account_id = ${t.account} AND c.user_id = ${t.user}${outbox}
      AND NOT c.retired AND c.replies_used + ${t.n} <= ${t.quota}
      AND c.received_at > now() - ${t.windowMs}${MS}
      AND ${accountCanSend(t.account)}`;
}

/** The account's breaker is closed and its session valid (database clock). */
export function accountCanSend(account: string): string {
  return `NOT EXISTS (SELECT 1 FROM weixin_send_breaker b
        WHERE b.account_id = ${account} AND b.open_until > now())
      AND EXISTS (SELECT 1 FROM weixin_account a
        WHERE a.id = ${account} AND a.state <> 'needs_relogin')`;
}

/**
 * `SELECT 1` of the unexpired queued rows of (account, user), served by the partial index
 * `ix_weixin_delivery_outbox`.
 */
export function queuedExists(account: string, user: string): string {
  return `SELECT 1 FROM weixin_delivery d WHERE d.account_id = ${account}
        AND d.user_id = ${user} AND d.state = 'queued' AND d.expires_at > now()`;
}

/**
 * The claim of reply slots as one `UPDATE … RETURNING context_token, replies_used`, with the
 * parameter numbers of account, user, n, quota, window ms and expected token (or null).
 */
export function claimStatement(
  account: number,
  user: number,
  n: number,
  quota: number,
  windowMs: number,
  token: number,
): string {
  const p = (i: number): string => `$${i}`;
  const terms = {
    account: p(account),
    user: p(user),
    n: p(n),
    quota: p(quota),
    windowMs: p(windowMs),
  };
  return `
    UPDATE weixin_user_context c
    SET replies_used = c.replies_used + $${n}, updated_at = now()
    WHERE ${claimConditions(terms)}
      AND ($${token}::text IS NULL OR c.context_token = $${token})
    RETURNING c.context_token, c.replies_used`;
}

const LedgerSql = {
  /** $1 account, $2 user, $3 window ms. */
  read: `
    SELECT c.context_token, c.received_at, c.replies_used,
      c.received_at + $3${MS} AS closes_at,
      coalesce(c.received_at > now() - $3${MS}, false) AS window_open,
      b.open_until AS breaker_until, a.state AS account_state,
      EXISTS (${queuedExists('$1', '$2')}) AS outbox_waiting
    FROM (SELECT 1) AS one
    LEFT JOIN weixin_account a ON a.id = $1
    LEFT JOIN weixin_user_context c ON c.account_id = $1 AND c.user_id = $2
    LEFT JOIN weixin_send_breaker b ON b.account_id = $1 AND b.open_until > now()`,

  /** $1 account, $2 user, $3 n, $4 quota, $5 window ms, $6 expected token or null. */
  claim: claimStatement(1, 2, 3, 4, 5, 6),

  /** $1 account, $2 user, $3 n, $4 token (the newest, or an older message's own). */
  release: `
    WITH newest AS (
      UPDATE weixin_user_context
      SET replies_used = greatest(replies_used - $3, 0), updated_at = now()
      WHERE account_id = $1 AND user_id = $2 AND context_token = $4 AND NOT retired)
    UPDATE weixin_context_token
    SET replies_used = greatest(replies_used - $3, 0), updated_at = now()
    WHERE account_id = $1 AND user_id = $2 AND context_token = $4 AND NOT retired`,

  /** $1 account, $2 user, $3 quota, $4 token (the newest, or an older message's own). */
  retire: `
    WITH newest AS (
      UPDATE weixin_user_context
      SET replies_used = greatest(replies_used, $3), retired = true, updated_at = now()
      WHERE account_id = $1 AND user_id = $2 AND context_token = $4)
    UPDATE weixin_context_token
    SET replies_used = greatest(replies_used, $3), retired = true, updated_at = now()
    WHERE account_id = $1 AND user_id = $2 AND context_token = $4`,
};

/** The window and quota state of one (account, user), read from the database. */
export interface LedgerState {
  /** The current context token (secret: never log it). */
  contextToken?: string;
  receivedAt?: Date;
  windowClosesAt: Date | null;
  windowOpen: boolean;
  repliesUsed: number;
  /** Until when the account's breaker is open, when it is. */
  breakerUntil?: Date;
  /** The account's state; undefined for an unknown account. */
  accountState?: WeixinAccountState;
  /** Whether unexpired messages of the user wait in the outbox (new sends queue behind them). */
  outboxWaiting: boolean;
}

/** A successful claim of reply slots. */
export interface LedgerClaim {
  contextToken: string;
  repliesUsed: number;
}

/**
 * The reply ledger in `weixin_user_context`: reply slots are claimed under the current context
 * token in one atomic statement that also checks the window (database clock), the account's
 * breaker and its session, so concurrent senders on any replica never exceed the quota.
 */
@Injectable()
export class SendLedger {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The ledger of (account, user). */
  async read(accountId: string, userId: string, windowMs: number): Promise<LedgerState> {
    const rows = await queryRows<{
      context_token: string | null;
      received_at: Date | null;
      replies_used: number | null;
      closes_at: Date | null;
      window_open: boolean;
      breaker_until: Date | null;
      account_state: WeixinAccountState | null;
      outbox_waiting: boolean;
    }>(this.dataSource, LedgerSql.read, [accountId, userId, windowMs]);
    // `FROM (SELECT 1)` answers one row whatever is stored; none means the answer was lost.
    const r = rows[0];
    if (!r) throw lostAnswerError('the reply ledger read');
    const state: LedgerState = {
      windowClosesAt: r.closes_at,
      windowOpen: r.window_open,
      repliesUsed: r.replies_used ?? 0,
      outboxWaiting: r.outbox_waiting,
    };
    if (r.context_token !== null) state.contextToken = r.context_token;
    if (r.received_at !== null) state.receivedAt = r.received_at;
    if (r.breaker_until !== null) state.breakerUntil = r.breaker_until;
    if (r.account_state !== null) state.accountState = r.account_state;
    return state;
  }

  /**
   * Claims `n` reply slots when the window is open, `n` slots are left of `quota`, the breaker
   * is closed, the session is valid and (when given) the token is still `token`. Answers the
   * claim, or `null` when any condition fails (then nothing changed).
   */
  async claim(
    accountId: string,
    userId: string,
    n: number,
    quota: number,
    windowMs: number,
    token?: string,
  ): Promise<LedgerClaim | null> {
    const rows = await queryRows<{ context_token: string; replies_used: number }>(
      this.dataSource,
      LedgerSql.claim,
      [accountId, userId, n, quota, windowMs, token ?? null],
    );
    const r = rows[0];
    return r ? { contextToken: r.context_token, repliesUsed: r.replies_used } : null;
  }

  /**
   * Gives back `n` slots claimed under `token` and not used; a no-op once the token changed or
   * was retired (a refused token never opens again, whatever a concurrent send gives back).
   */
  async release(accountId: string, userId: string, n: number, token: string): Promise<void> {
    if (n <= 0) return;
    await queryRows(this.dataSource, LedgerSql.release, [accountId, userId, n, token]);
  }

  /**
   * Marks `token` spent (the server refused it): nothing more is claimed or given back under it
   * until the user's next message brings a new token.
   */
  async retire(accountId: string, userId: string, quota: number, token: string): Promise<void> {
    await queryRows(this.dataSource, LedgerSql.retire, [accountId, userId, quota, token]);
  }
}
