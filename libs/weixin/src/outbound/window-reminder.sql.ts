const MS = `::double precision * interval '1 millisecond'`;

/**
 * Claims up to `$3` user windows that close within `$2` ms (window `$1` ms after `received_at`)
 * and were not reminded yet, marking each with its `received_at`: a row is claimed once per
 * window by one statement on one replica (rows locked by another replica are skipped, and a
 * claimed row no longer matches). Answers what the events need.
 */
export const CLAIM_REMINDERS_SQL = `
  UPDATE weixin_user_context c
  SET reminded_for = c.received_at
  FROM (
    SELECT account_id, user_id FROM weixin_user_context
    WHERE received_at <= now() - ($1::double precision - $2::double precision)${MS}
      AND received_at > now() - $1${MS}
      AND reminded_for IS DISTINCT FROM received_at
    ORDER BY received_at
    LIMIT $3::integer
    FOR UPDATE SKIP LOCKED
  ) due
  WHERE c.account_id = due.account_id AND c.user_id = due.user_id
  RETURNING c.account_id, c.user_id, c.received_at, c.received_at + $1${MS} AS closes_at`;
