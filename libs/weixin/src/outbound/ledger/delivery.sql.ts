import { claimConditions, claimStatement } from './send.ledger.js';

const COLUMNS = `id::text AS id, account_id, user_id, seq, kind, state, text, item, part, parts,
  idempotency_key, client_id, server_message_id, ret, errmsg, reason, cause, attempts,
  created_at, updated_at, expires_at`;

/** SQL of `DeliveryStore`. Intervals are milliseconds; times come from the database clock. */
export const DeliverySql = {
  columns: COLUMNS,

  /**
   * $1 account, $2 user, $3 idempotency key, $4 ttl ms, then arrays: $5 seq, $6 kind, $7 state,
   * $8 text, $9 item (json text), $10 part, $11 parts, $12 client id, $13 reason, $14 cause.
   */
  insert: `
    INSERT INTO weixin_delivery (account_id, user_id, idempotency_key, seq, kind, state, text,
      item, part, parts, client_id, reason, cause, expires_at)
    SELECT $1, $2, $3, r.seq, r.kind, r.state, r.text, r.item::jsonb, r.part, r.parts,
      r.client_id, r.reason, r.cause,
      CASE WHEN r.state = 'queued' THEN now() + $4::double precision * interval '1 millisecond' END
    FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[],
      $12::text[], $13::text[], $14::text[])
      AS r(seq, kind, state, text, item, part, parts, client_id, reason, cause)
    ORDER BY r.seq
    ON CONFLICT (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING ${COLUMNS}`,

  /**
   * `insert` of rows all `sending` ($4 = their count, no ttl), done only when the claim of $4
   * slots (quota $15, window $16 ms, token $17 or null) succeeds, in one statement. Answers no row when the claim failed; one row per inserted
   * record with `claimed_token`; one row with null record columns when every record conflicted.
   */
  claimAndInsert: `
    WITH claim AS (${claimStatement(1, 2, 4, 15, 16, 17)}),
    ins AS (
      INSERT INTO weixin_delivery (account_id, user_id, idempotency_key, seq, kind, state, text,
        item, part, parts, client_id, reason, cause, expires_at)
      SELECT $1, $2, $3, r.seq, r.kind, r.state, r.text, r.item::jsonb, r.part, r.parts,
        r.client_id, r.reason, r.cause, NULL::timestamptz
      FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
        $11::int[], $12::text[], $13::text[], $14::text[])
        AS r(seq, kind, state, text, item, part, parts, client_id, reason, cause)
      CROSS JOIN claim
      ORDER BY r.seq
      ON CONFLICT (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING ${COLUMNS})
    SELECT claim.context_token AS claimed_token, ins.* FROM claim LEFT JOIN ins ON true`,

  /**
   * One round trip for the send path: the outcomes of some records and the claims of some new
   * sends, each record and each (account, user) at most once.
   *
   * Claims: $1 index, $2 account, $3 user, $4 idempotency key, $5 n, $6 quota, $7 window ms;
   * their rows: $8 claim index, then $9 seq … $18 cause as in `insert`. Each claim is
   * `claimAndInsert`; the users' ledger rows are locked in (account, user) order before any is
   * changed, so concurrent batches cannot deadlock. They are reached only through the join with
   * the claims on (account, user), one primary-key probe each: a filter such as
   * `account_id = ANY($2) AND user_id = ANY($3)` beside it let the planner scan every user's row of
   * the table instead (a cost that grew with the users, not with the batch).
   *
   * Outcomes: arrays of `settle`'s parameters, $19 id … $27 ttl ms (`id = ANY($19)` lets the
   * planner find the rows by the primary key instead of hashing the whole table).
   *
   * Answers, by `op`: `c`, one row per successful claim (its index and `claimed_token`); `i`, one
   * row per inserted record (its id, `client_id` and times); `s`, one row per settled record (the
   * columns the update computed). The caller knows the rest; a failed claim has no row. (A
   * `UNION ALL`, not a join: the planner sees one row per CTE and would join claims to records by
   * a nested loop, quadratic in the batch.)
   */
  claimAndSettleBatch: `
    WITH settled AS (
      UPDATE weixin_delivery SET state = u_state,
        server_message_id = coalesce(u_server_message_id, server_message_id),
        ret = u_ret, errmsg = u_errmsg, reason = u_reason, cause = u_cause,
        attempts = attempts + u_attempts,
        expires_at = CASE WHEN u_state = 'queued'
          THEN coalesce(expires_at, now() + u_ttl_ms * interval '1 millisecond')
          ELSE expires_at END,
        updated_at = now()
      FROM unnest($19::bigint[], $20::text[], $21::text[], $22::int[], $23::text[], $24::text[],
        $25::text[], $26::int[], $27::double precision[])
        AS u(u_id, u_state, u_server_message_id, u_ret, u_errmsg, u_reason, u_cause, u_attempts,
          u_ttl_ms)
      WHERE id = u_id AND id = ANY($19::bigint[])
      RETURNING id::text AS id, server_message_id, attempts, updated_at, expires_at),
    q AS (
      SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
        $7::double precision[]) AS q(idx, account, usr, idem_key, n, quota, window_ms)),
    locked AS MATERIALIZED (
      SELECT count(*) AS rows_locked FROM (
        SELECT 1 FROM weixin_user_context c JOIN q ON c.account_id = q.account AND c.user_id = q.usr
        ORDER BY c.account_id, c.user_id FOR UPDATE OF c) AS l),
    claim AS (
      UPDATE weixin_user_context c SET replies_used = c.replies_used + q.n, updated_at = now()
      FROM q CROSS JOIN locked
      WHERE ${claimConditions({ account: 'q.account', user: 'q.usr', n: 'q.n', quota: 'q.quota', windowMs: 'q.window_ms' })}
      RETURNING q.idx, q.account, q.usr, q.idem_key, c.context_token),
    ins AS (
      INSERT INTO weixin_delivery (account_id, user_id, idempotency_key, seq, kind, state, text,
        item, part, parts, client_id, reason, cause, expires_at)
      SELECT claim.account, claim.usr, claim.idem_key, r.seq, r.kind, r.state, r.text,
        r.item::jsonb, r.part, r.parts, r.client_id, r.reason, r.cause, NULL::timestamptz
      FROM unnest($8::int[], $9::int[], $10::text[], $11::text[], $12::text[], $13::text[],
        $14::int[], $15::int[], $16::text[], $17::text[], $18::text[])
        AS r(idx, seq, kind, state, text, item, part, parts, client_id, reason, cause)
      JOIN claim ON claim.idx = r.idx
      ORDER BY claim.account, claim.idem_key, claim.usr, r.seq
      ON CONFLICT (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING id::text AS id, client_id, created_at, updated_at)
    SELECT 'c' AS op, claim.idx, claim.context_token AS claimed_token, NULL AS id,
      NULL AS client_id, NULL::timestamptz AS created_at, NULL::timestamptz AS updated_at,
      NULL AS server_message_id, NULL::int AS attempts, NULL::timestamptz AS expires_at
    FROM claim
    UNION ALL
    SELECT 'i', NULL, NULL, ins.id, ins.client_id, ins.created_at, ins.updated_at, NULL, NULL, NULL
    FROM ins
    UNION ALL
    SELECT 's', NULL, NULL, settled.id, NULL, NULL, settled.updated_at, settled.server_message_id,
      settled.attempts, settled.expires_at
    FROM settled`,

  /** $1 account, $2 idempotency key. */
  byKey: `SELECT ${COLUMNS} FROM weixin_delivery
    WHERE account_id = $1 AND idempotency_key = $2 ORDER BY seq`,

  /** $1 id. */
  get: `SELECT ${COLUMNS} FROM weixin_delivery WHERE id = $1`,

  /**
   * $1 id, $2 state, $3 server message id, $4 ret, $5 errmsg, $6 reason, $7 cause,
   * $8 attempts to add, $9 ttl ms (queued only).
   */
  settle: `
    UPDATE weixin_delivery SET state = $2,
      server_message_id = coalesce($3, server_message_id),
      ret = $4, errmsg = $5, reason = $6, cause = $7,
      attempts = attempts + $8,
      expires_at = CASE WHEN $2 = 'queued'
        THEN coalesce(expires_at, now() + $9::double precision * interval '1 millisecond')
        ELSE expires_at END,
      updated_at = now()
    WHERE id = $1
    RETURNING ${COLUMNS}`,

  /** $1 ids, $2 reason, $3 cause, $4 ttl ms. Puts `sending` rows back in the outbox. */
  requeue: `
    UPDATE weixin_delivery SET state = 'queued', reason = $2, cause = $3,
      expires_at = coalesce(expires_at, now() + $4::double precision * interval '1 millisecond'),
      updated_at = now()
    WHERE id = ANY($1::bigint[]) AND state = 'sending'
    RETURNING ${COLUMNS}`,

  /**
   * $1 account, $2 user, $3 limit, $4 quota, $5 window ms, $6 expected token: in one statement,
   * locks up to $3 of the oldest unexpired queued rows, claims one reply slot each under the token
   * (the conditions of `claimConditions`, without the outbox one) and only then marks them
   * `sending`, so no row is `sending` without its claimed slot. Answers one row with `picked` (how
   * many queued rows were found) and `claimed_token` (null when the claim failed) on every row,
   * one row per record taken (null record columns when none was).
   */
  takeAndClaim: `
    WITH picked AS (
      SELECT id FROM weixin_delivery
      WHERE account_id = $1 AND user_id = $2 AND state = 'queued' AND expires_at > now()
      ORDER BY id LIMIT $3 FOR UPDATE),
    n AS (SELECT count(*)::int AS n FROM picked),
    claim AS (
      UPDATE weixin_user_context c SET replies_used = c.replies_used + n.n, updated_at = now()
      FROM n
      WHERE n.n > 0 AND c.context_token = $6
        AND ${claimConditions({ account: '$1', user: '$2', n: 'n.n', quota: '$4', windowMs: '$5' }, false)}
      RETURNING c.context_token),
    taken AS (
      UPDATE weixin_delivery d SET state = 'sending', updated_at = now()
      FROM claim
      WHERE d.id IN (SELECT id FROM picked) AND d.state = 'queued'
      RETURNING ${COLUMNS})
    SELECT n.n AS picked, claim.context_token AS claimed_token, taken.*
    FROM n LEFT JOIN claim ON true LEFT JOIN taken ON true`,

  /** $1 id. */
  cancel: `
    UPDATE weixin_delivery SET state = 'cancelled', updated_at = now()
    WHERE id = $1 AND state = 'queued'
    RETURNING ${COLUMNS}`,

  /** $1 limit. Up to $1 queued rows past their expiry become `expired`. */
  expire: `
    UPDATE weixin_delivery SET state = 'expired', updated_at = now()
    WHERE id IN (
      SELECT id FROM weixin_delivery WHERE state = 'queued' AND expires_at <= now()
      ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
    AND state = 'queued'
    RETURNING ${COLUMNS}`,

  /**
   * $1 ms, $2 limit. Up to $2 `sending` rows untouched that long (the process died mid-send)
   * become `unknown`.
   */
  interrupted: `
    UPDATE weixin_delivery SET state = 'unknown', cause = 'interrupted',
      reason = 'the process stopped while the request was in flight', updated_at = now()
    WHERE id IN (
      SELECT id FROM weixin_delivery
      WHERE state = 'sending' AND updated_at < now() - $1::double precision * interval '1 millisecond'
      ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
    AND state = 'sending'
    RETURNING ${COLUMNS}`,

  /** $1 account, $2 user (keyset: pairs after it, '' to start), $3 limit. Pairs with queued rows. */
  queuedUsers: `SELECT DISTINCT account_id, user_id FROM weixin_delivery
    WHERE state = 'queued' AND (account_id, user_id) > ($1, $2)
    ORDER BY account_id, user_id LIMIT $3`,

  /** $1 account, $2 user. */
  countQueued: `SELECT count(*)::int AS n FROM weixin_delivery
    WHERE account_id = $1 AND user_id = $2 AND state = 'queued'`,

  /** $1 account or null, $2 user or null, $3 state or null, $4 limit. Newest first. */
  list: `SELECT ${COLUMNS} FROM weixin_delivery
    WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR user_id = $2)
      AND ($3::text IS NULL OR state = $3)
    ORDER BY weixin_delivery.id DESC LIMIT $4`,
};

/**
 * $1 account or null, $2 user or null, $3 id to start after or null, $4 limit: the outbox in
 * sending order, one page.
 */
export const OUTBOX_SQL = `SELECT ${COLUMNS} FROM weixin_delivery
  WHERE state = 'queued' AND ($1::text IS NULL OR account_id = $1)
    AND ($2::text IS NULL OR user_id = $2)
    AND ($3::bigint IS NULL OR weixin_delivery.id > $3)
  ORDER BY weixin_delivery.id LIMIT $4`;
