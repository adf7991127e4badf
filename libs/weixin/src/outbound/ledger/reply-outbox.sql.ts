import { leaseHeld } from '../../persistence/sql/inbox.sql.js';
import { DeliverySql } from './delivery.sql.js';
import { claimConditions } from './send.ledger.js';

/**
 * The delivery columns of a recorded reply and the arrays they come from; the rows get the state
 * `state` (an SQL expression) and answer `returning`.
 */
const INSERT_REPLIES = (
  first: number,
  condition: string,
  state: string,
  returning: string,
): string => `INSERT INTO weixin_delivery (account_id, user_id, idempotency_key, seq, kind, state,
        text, item, part, parts, client_id, reason, cause, expires_at)
      SELECT $1, $2, r.key, r.seq, r.kind, ${state}, r.text, r.item::jsonb, r.part, r.parts,
        r.client_id, r.reason, 'outbox',
        now() + $${first}::double precision * interval '1 millisecond'
      FROM unnest($${first + 1}::text[], $${first + 2}::int[], $${first + 3}::text[],
        $${first + 4}::text[], $${first + 5}::text[], $${first + 6}::int[], $${first + 7}::int[],
        $${first + 8}::text[], $${first + 9}::text[])
        WITH ORDINALITY AS r(key, seq, kind, text, item, part, parts, client_id, reason, ord)
      WHERE ${condition}
      ORDER BY r.ord
      ON CONFLICT (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING ${returning}`;

/**
 * The claim of `n` reply slots under `token` (the message's context token) when it is the user's
 * newest and the conditions of `claimConditions` hold, only when `when`; `RETURNING` a row when
 * it claimed.
 */
const CLAIM_REPLIES = (
  token: string,
  quota: string,
  windowMs: string,
  n: string,
  when: string,
): string => `UPDATE weixin_user_context c SET replies_used = c.replies_used + ${n}::int,
        updated_at = now()
      WHERE ${n}::int > 0 AND ${when} AND c.context_token = ${token}::text
        AND ${claimConditions({ account: '$1', user: '$2', n: `${n}::int`, quota, windowMs })}
      RETURNING c.context_token`;

/** Recorded replies are `sending` when the same statement claimed their slots. */
const SENDING_IF_CLAIMED = `CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 'sending' ELSE 'queued' END`;

/**
 * SQL of the reply outbox: a handler's replies are recorded as deliveries in the same transaction
 * as the inbox row's done mark, fenced by the account's lease; claimed and `sending` when their
 * slots could be claimed there, else queued.
 *
 * Parameters of the replies, from `$first`: ttl ms, then arrays key, seq, kind, text, item (json
 * text), part, parts, client id, reason.
 */
export const ReplyOutboxSql = {
  /**
   * One statement: $1 account, $2 user, $3 inbox row id, $4 owner, $5 epoch, $6 the context token
   * of the message (or null), $7 quota, $8 window ms, $9 the number of records, replies from $10.
   * Marks the row done and records its replies when the row is pending and the lease is held at
   * the epoch (share-locked until the commit). When `$6` is the user's newest token and has the
   * `$9` slots (the conditions of `claimConditions`, nothing of the user queued before), it
   * claims them in the same statement and records the replies `sending`, ready to go out with no
   * other write; else they are recorded `queued`. Answers `held`, `done`, `claimed` and one row
   * per recorded reply (its delivery columns), or one row with null record columns.
   */
  recordWithDone: `
    WITH lease AS MATERIALIZED (
      SELECT ${leaseHeld('$1', '$4', '$5', true)} AS held
    ), done AS (
      UPDATE weixin_inbox SET status = 'done', handled_at = now()
      WHERE id = $3::bigint AND status = 'pending' AND (SELECT held FROM lease)
      RETURNING id
    ), claim AS (
      ${CLAIM_REPLIES('$6', '$7', '$8', '$9', 'EXISTS (SELECT 1 FROM done)')}
    ), ins AS (
      ${INSERT_REPLIES(10, 'EXISTS (SELECT 1 FROM done)', SENDING_IF_CLAIMED, DeliverySql.columns)}
    )
    SELECT (SELECT held FROM lease) AS held, EXISTS (SELECT 1 FROM done) AS done,
      EXISTS (SELECT 1 FROM claim) AS claimed, ins.*
    FROM (SELECT 1) AS one LEFT JOIN ins ON true
    ORDER BY ins.id::bigint`,

  /**
   * In the handler's open transaction (its done mark already written): $1 account, $2 user,
   * $3 owner, $4 epoch, $5 the context token of the message (or null), $6 quota, $7 window ms,
   * $8 the number of records, replies from $9. Records the replies when the lease is still held
   * at the epoch, share-locking it until the commit; claims their slots and records them
   * `sending` as `recordWithDone` does. Answers `held`, `claimed` and one row per recorded reply,
   * or one row with null record columns.
   */
  recordInTransaction: `
    WITH lease AS MATERIALIZED (
      SELECT ${leaseHeld('$1', '$3', '$4', true)} AS held
    ), claim AS (
      ${CLAIM_REPLIES('$5', '$6', '$7', '$8', '(SELECT held FROM lease)')}
    ), ins AS (
      ${INSERT_REPLIES(9, '(SELECT held FROM lease)', SENDING_IF_CLAIMED, DeliverySql.columns)}
    )
    SELECT (SELECT held FROM lease) AS held, EXISTS (SELECT 1 FROM claim) AS claimed, ins.*
    FROM (SELECT 1) AS one LEFT JOIN ins ON true
    ORDER BY ins.id::bigint`,

  /**
   * $1 account, $2 user, $3 idempotency keys: the records of those keys still `sending`, the
   * replies a done statement claimed when its commit was unsure (see `recordWithDone`).
   */
  claimedOf: `
    SELECT ${DeliverySql.columns} FROM weixin_delivery
    WHERE account_id = $1 AND user_id = $2 AND idempotency_key = ANY($3::text[])
      AND state = 'sending'
    ORDER BY id`,

  /** $1 account: the users with recorded replies not sent yet. */
  usersWithReplies: `
    SELECT DISTINCT user_id FROM weixin_delivery
    WHERE account_id = $1 AND state = 'queued' AND idempotency_key LIKE 'inbox:%'
    ORDER BY user_id`,
};
