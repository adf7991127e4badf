import { pgArrayLiteral } from '../pg-array-literal.js';

/**
 * Whether `owner` holds the lease of `account` at `epoch`, unexpired by the database clock;
 * `lock` share-locks the lease row for the rest of the transaction.
 */
export function leaseHeld(account: string, owner: string, epoch: string, lock: boolean): string {
  return `EXISTS (SELECT 1 FROM weixin_lease l
      WHERE l.account_id = ${account} AND l.owner = ${owner} AND l.epoch = ${epoch}::bigint
        AND l.expires_at > now()${lock ? ' FOR SHARE' : ''})`;
}

/** SQL of the inbox methods of `WeixinStore`. */
export const InboxSql = {
  /**
   * The whole of `persistBatch` in one statement (hence one transaction):
   * $1 account id, $2 owner, $3 epoch, $4 cursor, then per message $5 message ids,
   * $6 fingerprints, $7 user ids, $8 seqs, $9 create_time_ms, $10 context tokens, $11 the payloads
   * as one JSON array (one document, not an array of strings that `pg` escapes one by one).
   *
   * Every write is conditional on the lease row (owner, epoch, unexpired), which is share-locked
   * so that a takeover waits for the batch or the batch sees the takeover. The inbox insert skips
   * rows that collide on either unique key; context tokens take the newest message per sender
   * and replace a stored token only when newer, keeping the replies counted under the replaced
   * token in `weixin_context_token` (its own quota still serves replies to its message); the
   * cursor moves only when non-empty.
   * Answers one row when nothing was inserted (`id` null), else one row per inserted message.
   */
  persistBatch: `
    WITH lease AS MATERIALIZED (
      SELECT 1
      FROM weixin_lease
      WHERE account_id = $1 AND owner = $2 AND epoch = $3::bigint AND expires_at > now()
      FOR SHARE
    ), input AS MATERIALIZED (
      SELECT m.*, p.payload
      FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[])
        WITH ORDINALITY AS m(message_id, fingerprint, user_id, seq, create_time_ms,
                             context_token, ord)
      JOIN jsonb_array_elements($11::jsonb) WITH ORDINALITY AS p(payload, ord) ON p.ord = m.ord
      WHERE EXISTS (SELECT 1 FROM lease)
    ), inserted AS (
      INSERT INTO weixin_inbox
        (account_id, message_id, fingerprint, user_id, seq, create_time_ms, payload)
      SELECT $1, message_id, fingerprint, user_id, seq, create_time_ms, payload
      FROM input
      ORDER BY ord
      ON CONFLICT DO NOTHING
      RETURNING id, message_id
    ), newest AS MATERIALIZED (
      SELECT DISTINCT ON (user_id)
        user_id, context_token, coalesce(to_timestamp(create_time_ms / 1000.0), now()) AS at
      FROM input
      WHERE context_token IS NOT NULL AND context_token <> ''
      ORDER BY user_id, create_time_ms DESC NULLS LAST, ord DESC
    ), superseded AS MATERIALIZED (
      SELECT c.user_id, c.context_token, c.received_at, c.replies_used, c.retired
      FROM weixin_user_context c
      JOIN newest n ON n.user_id = c.user_id
      WHERE c.account_id = $1 AND c.context_token <> n.context_token AND c.received_at < n.at
      ORDER BY c.user_id
      FOR UPDATE OF c
    ), kept AS (
      INSERT INTO weixin_context_token AS t
        (account_id, user_id, context_token, received_at, replies_used, retired)
      SELECT $1, user_id, context_token, received_at, replies_used, retired
      FROM superseded
      WHERE replies_used > 0 OR retired
      ON CONFLICT (account_id, user_id, context_token) DO UPDATE SET
        replies_used = t.replies_used + EXCLUDED.replies_used,
        retired = t.retired OR EXCLUDED.retired,
        updated_at = now()
    ), context AS (
      INSERT INTO weixin_user_context AS c
        (account_id, user_id, context_token, received_at, replies_used, updated_at)
      SELECT $1, n.user_id, n.context_token, n.at, 0, now()
      FROM newest n
      -- After the superseded rows are locked and read (their replies kept above).
      CROSS JOIN (SELECT count(*) FROM superseded) AS locked
      ORDER BY n.user_id
      ON CONFLICT (account_id, user_id) DO UPDATE SET
        context_token = EXCLUDED.context_token,
        received_at = EXCLUDED.received_at,
        replies_used =
          CASE WHEN c.context_token = EXCLUDED.context_token THEN c.replies_used ELSE 0 END,
        retired = c.retired AND c.context_token = EXCLUDED.context_token,
        updated_at = now()
      WHERE c.received_at < EXCLUDED.received_at
    ), moved AS (
      UPDATE weixin_account
      SET "cursor" = $4, updated_at = now()
      WHERE id = $1 AND $4 <> '' AND EXISTS (SELECT 1 FROM lease)
    )
    SELECT EXISTS (SELECT 1 FROM lease) AS held, i.id::text AS id, i.message_id
    FROM (SELECT 1) AS one
    LEFT JOIN inserted i ON true
    ORDER BY i.id`,

  /** $1 row id: its status (no row: deleted with its account). */
  status: `SELECT status FROM weixin_inbox WHERE id = $1`,

  /** Which of the given accounts have pending rows ($1 account ids). */
  accountsWithPending: `
    SELECT DISTINCT account_id FROM weixin_inbox_open
    WHERE NOT dead AND account_id = ANY($1::text[])`,

  /**
   * $1 account id, $2 limit, $3 id to start after or null: the account's pending rows in id
   * order, found through `weixin_inbox_open`. The page of ids is taken first, then each row is
   * read by its id (a lateral probe the planner cannot turn into a merge join, which would walk
   * the inbox's primary key from its oldest handled row).
   */
  pending: `
    SELECT i.id::text AS id, i.account_id, i.message_id, i.user_id, i.payload, i.attempts,
      i.status
    FROM (
      SELECT id FROM weixin_inbox_open
      WHERE account_id = $1 AND NOT dead AND id > coalesce($3::bigint, 0)
      ORDER BY id
      LIMIT $2
    ) AS o
    CROSS JOIN LATERAL (
      SELECT * FROM weixin_inbox WHERE id = o.id AND status = 'pending' LIMIT 1
    ) AS i
    ORDER BY o.id`,

  /**
   * $1 row ids, $2 the epoch each was handled under, $3 owner: marks the rows done that are still
   * pending and whose account's lease `$3` holds at that epoch (share-locked, so a takeover waits
   * for this statement or this statement sees the takeover). Answers the ids marked.
   */
  markDone: `
    UPDATE weixin_inbox i SET status = 'done', handled_at = now()
    FROM unnest($1::bigint[], $2::bigint[]) AS u(id, epoch)
    WHERE i.id = u.id AND i.id = ANY ($1::bigint[]) AND i.status = 'pending'
      AND ${leaseHeld('i.account_id', '$3', 'u.epoch', true)}
    RETURNING i.id::text AS id`,

  /**
   * $1 row id, $2 owner, $3 epoch: the done mark that opens a handler's transaction (fenced, not
   * locking the lease: the transaction may stay open while the handler runs, and the lease's
   * renewal must not wait for it; `leaseLocked` re-checks it before the commit).
   */
  markDoneInTransaction: `
    UPDATE weixin_inbox i SET status = 'done', handled_at = now()
    WHERE i.id = $1::bigint AND i.status = 'pending'
      AND ${leaseHeld('i.account_id', '$2', '$3', false)}`,

  /** $1 account id, $2 owner, $3 epoch: whether the lease is held (share-locks it). */
  leaseLocked: `SELECT ${leaseHeld('$1', '$2', '$3', true)} AS held`,

  /**
   * $1 row id, $2 error, $3 owner, $4 epoch: counts a failed attempt of a pending row while the
   * lease is held at that epoch.
   */
  recordFailure: `
    UPDATE weixin_inbox i SET attempts = attempts + 1, last_error = $2
    WHERE i.id = $1::bigint AND i.status = 'pending'
      AND ${leaseHeld('i.account_id', '$3', '$4', true)}
    RETURNING attempts`,

  /** $1 row id, $2 error, $3 owner, $4 epoch: dead-letters a pending row under the lease. */
  markDead: `
    UPDATE weixin_inbox i SET status = 'dead', last_error = $2, handled_at = now()
    WHERE i.id = $1::bigint AND i.status = 'pending'
      AND ${leaseHeld('i.account_id', '$3', '$4', true)}
    RETURNING i.id`,

  /** $1 account id or null for all. */
  counts: `
    SELECT status, count(*)::int AS n
    FROM weixin_inbox
    WHERE $1::text IS NULL OR account_id = $1
    GROUP BY status`,

  /**
   * $1 age in ms, $2 batch size: deletes one batch of rows handled longer ago than the age. They
   * are found by `received_at` (indexed, and never later than `handled_at`), so the scan covers
   * only rows received before the cutoff.
   */
  prune: `
    DELETE FROM weixin_inbox WHERE id IN (
      SELECT id FROM weixin_inbox
      WHERE received_at < now() - $1::double precision * interval '1 millisecond'
        AND status = 'done'
        AND handled_at < now() - $1::double precision * interval '1 millisecond'
      LIMIT $2)`,
};

/** The parameters of `InboxSql.markDone`: the row ids and epochs as array literals, the owner. */
export function markDoneParams(owner: string, rows: { id: string; epoch: string }[]): unknown[] {
  return [pgArrayLiteral(rows, (r) => r.id), pgArrayLiteral(rows, (r) => r.epoch), owner];
}
