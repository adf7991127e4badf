/** The columns of a dead row `i`, as `DeadLetterStore` maps them. */
const DEAD_COLUMNS = `i.id::text AS id, i.account_id, i.message_id, i.user_id, i.attempts,
  i.last_error, i.received_at, i.handled_at, i.payload`;

/** SQL of `DeadLetterStore`. */
export const DeadLetterSql = {
  /**
   * $1 account id or null, $2 user id or null, $3 id to start after or null, $4 limit: dead rows
   * in id order, found through `weixin_inbox_open`, each read by its id (a lateral probe the
   * planner cannot turn into a merge join, which would walk the inbox's primary key from its
   * oldest handled row).
   */
  list: `
    SELECT ${DEAD_COLUMNS}
    FROM weixin_inbox_open o
    CROSS JOIN LATERAL (
      SELECT * FROM weixin_inbox WHERE id = o.id AND status = 'dead' LIMIT 1
    ) AS i
    WHERE o.dead
      AND ($1::text IS NULL OR o.account_id = $1)
      AND ($2::text IS NULL OR i.user_id = $2)
      AND o.id > coalesce($3::bigint, 0)
    ORDER BY o.id
    LIMIT $4`,

  /** $1 row id: the row when it is dead. */
  get: `SELECT ${DEAD_COLUMNS} FROM weixin_inbox i WHERE i.id = $1::bigint AND i.status = 'dead'`,

  /**
   * $1 row ids, $2 account id or null: sets those of the dead rows (of the account when given)
   * back to `pending`, attempts and error reset; answers their ids and accounts.
   */
  replay: `
    UPDATE weixin_inbox
    SET status = 'pending', attempts = 0, last_error = NULL, handled_at = NULL
    WHERE id = ANY ($1::bigint[]) AND status = 'dead' AND ($2::text IS NULL OR account_id = $2)
    RETURNING id::text AS id, account_id`,
};
