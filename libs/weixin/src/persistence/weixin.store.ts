import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TokenCipher } from './token-cipher.js';
import { WeixinError } from '../errors/weixin.error.js';
import { LeaseLostError } from './lease-lost.error.js';
import { renewHeldLeases, type HeldLease, type LeaseRenewal } from './lease-renewal.js';
import { WEIXIN_TOKEN_CIPHER } from './persistence.constants.js';
import { PersistenceMessages as M } from './persistence.messages.js';
import { AccountSql } from './sql/account.sql.js';
import { ContextSql } from './sql/context.sql.js';
import { InboxSql, markDoneParams } from './sql/inbox.sql.js';
import { queryRows } from './raw-query.js';
import { LeaseSql } from './sql/lease.sql.js';
import { SqlRunner } from './sql.runner.js';
import { reencryptAccountTokens } from './token-reencryption.util.js';
import {
  insertedRows,
  persistBatchParams,
  toAccount,
  toGrant,
  toInboxRow,
  toUserContext,
  type AccountRecord,
  type ContextRecord,
  type InboxRecord,
  type LeaseRecord,
  type PersistedRecord,
} from './weixin-store.mapper.js';
import {
  WEIXIN_ACCOUNT_STATES,
  type InboxCounts,
  type InboxRow,
  type InboxStatus,
  type LeaseFence,
  type LeaseGrant,
  type LeaseRow,
  type PersistBatchInput,
  type StoredAccount,
  type UpsertAccountInput,
  type UserContext,
  type WeixinAccountState,
} from './weixin-store.types.js';

/**
 * The Postgres repository of nestjs-weixin: accounts, polling leases, the inbound inbox and user
 * reply contexts. Hot paths are single parameterized statements over arrays, not per-row ORM
 * saves; times come from the database clock; bigint values travel as decimal strings.
 */
@Injectable()
export class WeixinStore {
  private readonly sql: SqlRunner;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEIXIN_TOKEN_CIPHER) private readonly cipher: TokenCipher,
  ) {
    this.sql = new SqlRunner(dataSource);
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────

  /**
   * Inserts an account or, for a known id (re-login), replaces its token, sets it `active` and
   * clears its last error. The cursor is kept; URLs and owner are kept unless given. Answers it.
   */
  async upsertAccount(a: UpsertAccountInput): Promise<StoredAccount> {
    const rows = await this.sql.query<AccountRecord>(AccountSql.upsert, [
      a.id,
      this.cipher.encrypt(a.token),
      a.baseUrl ?? null,
      a.cdnBaseUrl ?? null,
      a.ownerUserId ?? null,
      a.baseUrl !== undefined,
      a.cdnBaseUrl !== undefined,
      a.ownerUserId !== undefined,
    ]);
    return toAccount(rows[0]!, this.cipher);
  }

  /** The account with its token decrypted, or `null`. */
  async getAccount(id: string): Promise<StoredAccount | null> {
    const rows = await this.sql.query<AccountRecord>(`${AccountSql.select} WHERE id = $1`, [id]);
    return rows[0] ? toAccount(rows[0], this.cipher) : null;
  }

  /** Every account, ordered by id, tokens decrypted. */
  async listAccounts(): Promise<StoredAccount[]> {
    const rows = await this.sql.query<AccountRecord>(`${AccountSql.select} ORDER BY id`);
    return rows.map((r) => toAccount(r, this.cipher));
  }

  /**
   * Sets an account's state; `lastError` replaces the stored error when given (`null` clears it).
   * Any state but `active` also expires the account's lease, so no replica polls it until it is
   * `active` again. Answers whether the account exists.
   */
  async setAccountState(
    id: string,
    state: WeixinAccountState,
    lastError?: string | null,
  ): Promise<boolean> {
    if (!WEIXIN_ACCOUNT_STATES.includes(state))
      throw new WeixinError(M.invalidState(String(state)), 'WEIXIN_INVALID_ARGUMENT');
    return this.sql.transaction(async (tx) => {
      await tx.query(AccountSql.lockLease, [id]);
      const found = await tx.query(
        AccountSql.setState,
        [id, state, lastError !== undefined, lastError ?? null],
        true,
      );
      if (state !== 'active') await tx.query(AccountSql.expireLease, [id]);
      return found.records.length > 0;
    });
  }

  /** Deletes an account with its lease, user contexts and inbox rows. Answers whether it existed. */
  async removeAccount(id: string): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query(AccountSql.lockLease, [id]);
      await tx.query(AccountSql.removeInbox, [id]);
      const found = await tx.query(AccountSql.remove, [id], true);
      return found.records.length > 0;
    });
  }

  /** Records a poll: on success sets `last_poll_at` and clears the error, else stores `error`. */
  async recordPoll(id: string, error?: string): Promise<void> {
    await this.sql.query(AccountSql.recordPoll, [id, error ?? null]);
  }

  /**
   * Re-encrypts with the current key every token stored under another key id (key rotation).
   * Answers how many tokens were re-encrypted.
   */
  reencryptTokens(): Promise<number> {
    return reencryptAccountTokens(this.sql, this.cipher);
  }

  // ── leases ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Extends every unexpired lease of `owner` by `ttlMs` in one prepared statement; answers only
   * what differs from `held`, the leases the caller polls under (all renewed ones when empty).
   */
  renewLeases(owner: string, ttlMs: number, held: Iterable<HeldLease> = []): Promise<LeaseRenewal> {
    return renewHeldLeases(this.dataSource, owner, ttlMs, held);
  }

  /**
   * Takes for `owner` the leases of `active` accounts that have no lease or an expired one
   * (a takeover increments the epoch), at most `limit`. Safe against racing replicas: an account
   * is granted to one of them only.
   */
  async acquireLeases(owner: string, ttlMs: number, limit?: number): Promise<LeaseGrant[]> {
    if (limit !== undefined && limit <= 0) return [];
    const rows = await this.sql.query<LeaseRecord>(LeaseSql.acquire, [owner, ttlMs, limit ?? null]);
    return rows.map(toGrant).sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  }

  /**
   * Expires now the unexpired leases of `owner` (all, or those of `accountIds`), so other replicas
   * can take them at once. Answers the released account ids.
   */
  async releaseLeases(owner: string, accountIds?: string[]): Promise<string[]> {
    const rows = await this.sql.query<{ account_id: string }>(LeaseSql.release, [
      owner,
      accountIds ?? null,
    ]);
    return rows.map((r) => r.account_id);
  }

  /** The lease row of an account (held or expired), or `null`. */
  async getLease(accountId: string): Promise<LeaseRow | null> {
    const rows = await this.sql.query<LeaseRecord>(LeaseSql.get, [accountId]);
    const row = rows[0];
    return row ? { ...toGrant(row), owner: row.owner ?? '' } : null;
  }

  // ── inbox ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Stores one `getupdates` answer atomically, in one statement: checks the lease (`owner`,
   * `epoch`, unexpired by the database clock), inserts the messages that are new by id and by
   * fingerprint, stores each sender's newest context token when newer than the stored one (a new
   * token resets `replies_used`), and stores `cursor` when non-empty.
   * Answers the rows actually inserted, ordered by id.
   * @throws LeaseLostError when the lease is not held; then nothing was written.
   */
  async persistBatch(b: PersistBatchInput): Promise<InboxRow[]> {
    // A named statement: each connection parses and plans it once, not on every poll.
    const rows = await queryRows<PersistedRecord>(
      this.dataSource,
      InboxSql.persistBatch,
      persistBatchParams(b),
      'weixin_persist_batch',
    );
    if (!rows[0]?.held) throw new LeaseLostError(b.accountId, b.owner, b.epoch);
    return insertedRows(b, rows);
  }

  /** Pending rows of an account ordered by id, at most `limit`, after `afterId` when given. */
  async pendingInbox(accountId: string, limit: number, afterId?: string): Promise<InboxRow[]> {
    const rows = await this.sql.query<InboxRecord>(InboxSql.pending, [
      accountId,
      limit,
      afterId ?? null,
    ]);
    return rows.map(toInboxRow);
  }

  /** Whether inbox row `id` still waits to be handled (a primary-key read). */
  async isPending(id: string): Promise<boolean> {
    const rows = await this.sql.query<{ status: InboxStatus }>(InboxSql.status, [id]);
    return rows[0]?.status === 'pending';
  }

  /** Which of `accountIds` have rows waiting to be handled (one indexed query). */
  async accountsWithPending(accountIds: string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.sql.query<{ account_id: string }>(InboxSql.accountsWithPending, [
      accountIds,
    ]);
    return rows.map((r) => r.account_id);
  }

  /**
   * Marks pending rows `done` in one statement, each only while `owner` holds its account's lease
   * at the epoch given with it (a replica that lost the lease cannot mark rows). Answers the ids
   * marked.
   */
  async markDone(owner: string, rows: { id: string; epoch: string }[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const marked = await queryRows<{ id: string }>(
      this.dataSource,
      InboxSql.markDone,
      markDoneParams(owner, rows),
      'weixin_mark_done',
    );
    return new Set(marked.map((r) => r.id));
  }

  /**
   * Counts a failed attempt of a pending row and stores its error, under the lease `fence`.
   * Answers the attempts so far, or `null` when nothing was written (the row is gone or no longer
   * pending, or the lease is not held at that epoch).
   */
  async recordFailure(id: string, error: string, fence: LeaseFence): Promise<number | null> {
    const rows = await this.sql.query<{ attempts: number }>(InboxSql.recordFailure, [
      id,
      error,
      fence.owner,
      fence.epoch,
    ]);
    return rows[0]?.attempts ?? null;
  }

  /**
   * Marks a pending row `dead` (dead letter) with its last error, under the lease `fence`.
   * Answers whether it did.
   */
  async markDead(id: string, error: string, fence: LeaseFence): Promise<boolean> {
    const rows = await this.sql.query(InboxSql.markDead, [id, error, fence.owner, fence.epoch]);
    return rows.length > 0;
  }

  /** Inbox row counts by status, of one account or of all. */
  async inboxCounts(accountId?: string): Promise<InboxCounts> {
    const rows = await this.sql.query<{ status: InboxStatus; n: number }>(InboxSql.counts, [
      accountId ?? null,
    ]);
    const counts: InboxCounts = { pending: 0, done: 0, dead: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /**
   * Deletes handled (`done`) rows older than `olderThanMs`, in batches of `batch` so no statement
   * holds locks for long; pending rows and dead letters are kept. Answers how many it deleted.
   */
  async pruneInbox(olderThanMs: number, batch = 5_000): Promise<number> {
    return this.sql.deleteInBatches(InboxSql.prune, olderThanMs, batch);
  }

  /**
   * Deletes the quota rows of older context tokens received more than `olderThanMs` ago, in
   * batches; answers how many it deleted.
   */
  async pruneContextTokens(olderThanMs: number, batch = 5_000): Promise<number> {
    return this.sql.deleteInBatches(ContextSql.pruneTokens, olderThanMs, batch);
  }

  // ── user contexts ───────────────────────────────────────────────────────────────────────────

  /** The stored reply context of a user, or `null`. */
  async getUserContext(accountId: string, userId: string): Promise<UserContext | null> {
    const rows = await this.sql.query<ContextRecord>(ContextSql.get, [accountId, userId]);
    return rows[0] ? toUserContext(rows[0]) : null;
  }
}
