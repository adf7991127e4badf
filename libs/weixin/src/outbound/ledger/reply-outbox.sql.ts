import { leaseHeld } from '../../persistence/sql/inbox.sql.js';

/** The delivery columns of a recorded reply and the arrays they come from. */
const INSERT_REPLIES = (
  first: number,
  condition: string,
): string => `INSERT INTO weixin_delivery (account_id, user_id, idempotency_key, seq, kind, state,
        text, item, part, parts, client_id, reason, cause, expires_at)
      SELECT $1, $2, r.key, r.seq, r.kind, 'queued', r.text, r.item::jsonb, r.part, r.parts,
        r.client_id, r.reason, 'outbox',
        now() + $${first}::double precision * interval '1 millisecond'
      FROM unnest($${first + 1}::text[], $${first + 2}::int[], $${first + 3}::text[],
        $${first + 4}::text[], $${first + 5}::text[], $${first + 6}::int[], $${first + 7}::int[],
        $${first + 8}::text[], $${first + 9}::text[])
        WITH ORDINALITY AS r(key, seq, kind, text, item, part, parts, client_id, reason, ord)
      WHERE ${condition}
      ORDER BY r.ord
      ON CONFLICT (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING id`;

/**
 * SQL of the reply outbox: a handler's replies are recorded as queued deliveries in the same
 * transaction as the inbox row's done mark, fenced by the account's lease.
 *
 * Parameters of the replies, from `$first`: ttl ms, then arrays key, seq, kind, text, item (json
 * text), part, parts, client id, reason.
 */
export const ReplyOutboxSql = {
  /**
   * One statement: $1 account, $2 user, $3 inbox row id, $4 owner, $5 epoch, replies from $6.
   * Marks the row done and records its replies when the row is pending and the lease is held at
   * the epoch (share-locked until the commit). Answers `held`, `done` and the ids recorded.
   */
  recordWithDone: `
    WITH lease AS MATERIALIZED (
      SELECT ${leaseHeld('$1', '$4', '$5', true)} AS held
    ), done AS (
      UPDATE weixin_inbox SET status = 'done', handled_at = now()
      WHERE id = $3::bigint AND status = 'pending' AND (SELECT held FROM lease)
      RETURNING id
    ), ins AS (
      ${INSERT_REPLIES(6, 'EXISTS (SELECT 1 FROM done)')}
    )
    SELECT (SELECT held FROM lease) AS held, EXISTS (SELECT 1 FROM done) AS done,
      coalesce((SELECT array_agg(id::text ORDER BY id) FROM ins), '{}') AS ids`,

  /**
   * In the handler's open transaction (its done mark already written): $1 account, $2 user,
   * $3 owner, $4 epoch, replies from $5. Records the replies when the lease is still held at the
   * epoch, share-locking it until the commit. Answers `held` and the ids recorded.
   */
  recordInTransaction: `
    WITH lease AS MATERIALIZED (
      SELECT ${leaseHeld('$1', '$3', '$4', true)} AS held
    ), ins AS (
      ${INSERT_REPLIES(5, '(SELECT held FROM lease)')}
    )
    SELECT (SELECT held FROM lease) AS held,
      coalesce((SELECT array_agg(id::text ORDER BY id) FROM ins), '{}') AS ids`,

  /** $1 account: the users with recorded replies not sent yet. */
  usersWithReplies: `
    SELECT DISTINCT user_id FROM weixin_delivery
    WHERE account_id = $1 AND state = 'queued' AND idempotency_key LIKE 'inbox:%'
    ORDER BY user_id`,
};
