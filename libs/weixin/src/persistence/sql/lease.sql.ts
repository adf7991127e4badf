/** SQL of the lease methods of `WeixinStore`. Times come from the database clock. */
export const LeaseSql = {
  /**
   * $1 owner, $2 ttl in ms, $3 the account ids and $4 the epochs of the leases the caller polls
   * under (as array literals: `pgArrayLiteral`).
   *
   * Renews every unexpired lease of the owner, but answers only what differs from the held
   * pairs: leases renewed that are not among them or at another epoch (`lost` false, with the
   * renewed epoch and expiry), and held pairs whose lease was not renewed (`lost` true, with the
   * held epoch). Both sides are hashed once, so the cost grows linearly with the leases held.
   */
  renew: `
    WITH held AS (
      SELECT * FROM unnest($3::text[], $4::bigint[]) AS h (account_id, epoch)
    ), renewed AS (
      UPDATE weixin_lease
      SET expires_at = now() + $2::double precision * interval '1 millisecond'
      WHERE owner = $1 AND expires_at > now()
      RETURNING account_id, epoch, expires_at
    )
    SELECT r.account_id, r.epoch::text AS epoch, r.expires_at, false AS lost
    FROM renewed r LEFT JOIN held h ON h.account_id = r.account_id
    WHERE h.epoch IS DISTINCT FROM r.epoch
    UNION ALL
    SELECT h.account_id, h.epoch::text, NULL, true
    FROM held h
    WHERE NOT EXISTS (SELECT 1 FROM renewed r WHERE r.account_id = h.account_id)`,

  /**
   * $1 owner, $2 ttl in ms, $3 limit or null.
   *
   * Candidates are active accounts without a lease row, and expired lease rows of active accounts
   * locked with SKIP LOCKED, so racing replicas split them. The conditional ON CONFLICT re-checks
   * the expiry on the latest row version, so a lease taken by a concurrent statement is never
   * taken twice. Rows are inserted in account id order, so racing inserts do not deadlock.
   */
  acquire: `
    WITH expired AS MATERIALIZED (
      SELECT l.account_id
      FROM weixin_lease l
      JOIN weixin_account a ON a.id = l.account_id
      WHERE a.state = 'active' AND l.expires_at <= now()
      ORDER BY l.account_id
      LIMIT $3
      FOR UPDATE OF l SKIP LOCKED
    ), free AS MATERIALIZED (
      SELECT a.id AS account_id
      FROM weixin_account a
      WHERE a.state = 'active'
        AND NOT EXISTS (SELECT 1 FROM weixin_lease l WHERE l.account_id = a.id)
      ORDER BY a.id
      LIMIT $3
    ), candidates AS (
      SELECT account_id FROM expired
      UNION ALL
      SELECT account_id FROM free
      ORDER BY account_id
      LIMIT $3
    )
    INSERT INTO weixin_lease AS l (account_id, owner, epoch, expires_at)
    SELECT account_id, $1, 1, now() + $2::double precision * interval '1 millisecond' FROM candidates
    ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE
      SET owner = EXCLUDED.owner, epoch = l.epoch + 1, expires_at = EXCLUDED.expires_at
      WHERE l.expires_at <= now()
    RETURNING account_id, epoch::text AS epoch, expires_at`,

  /** $1 owner, $2 account ids or null for all. */
  release: `
    UPDATE weixin_lease SET expires_at = now()
    WHERE owner = $1 AND expires_at > now() AND ($2::text[] IS NULL OR account_id = ANY ($2))
    RETURNING account_id`,

  /** $1 account id. */
  get: `
    SELECT account_id, owner, epoch::text AS epoch, expires_at
    FROM weixin_lease WHERE account_id = $1`,
};
