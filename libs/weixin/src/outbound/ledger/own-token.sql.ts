import { DeliverySql } from './delivery.sql.js';
import { accountCanSend } from './send.ledger.js';

const MS = `::double precision * interval '1 millisecond'`;

/**
 * SQL of `OwnTokenClaims`: queued replies to an older message spend that message's own context
 * token (its own quota, its own window) before the newest one. A reply's message is the inbox
 * row named by its idempotency key (`inbox:<inbox id>:<n>`), of the same account and user.
 */
export const OwnTokenSql = {
  /**
   * $1 account, $2 user, $3 limit: the oldest unexpired queued rows in sending order, each with
   * the context token and time of the message it answers (null for other sends, or when that
   * message is no longer in the inbox).
   */
  head: `
    SELECT d.id::text AS id, i.payload->>'context_token' AS token,
      (extract(epoch FROM coalesce(to_timestamp(i.create_time_ms / 1000.0), i.received_at))
        * 1000)::double precision AS received_ms
    FROM weixin_delivery d
    LEFT JOIN weixin_inbox i
      ON i.id = CASE WHEN d.idempotency_key ~ '^inbox:[0-9]{1,18}:'
          THEN split_part(d.idempotency_key, ':', 2)::bigint END
        AND i.account_id = d.account_id AND i.user_id = d.user_id
    WHERE d.account_id = $1 AND d.user_id = $2 AND d.state = 'queued' AND d.expires_at > now()
    ORDER BY d.id
    LIMIT $3`,

  /**
   * $1 account, $2 user, $3 token, $4 received ms: the quota row of an older token, with no
   * reply counted, unless it exists or the token is the user's newest (whose replies are counted
   * in `weixin_user_context`; the row is locked so that a newer message cannot supersede it
   * meanwhile).
   */
  seed: `
    WITH newest AS MATERIALIZED (
      SELECT context_token FROM weixin_user_context
      WHERE account_id = $1 AND user_id = $2
      FOR UPDATE)
    INSERT INTO weixin_context_token (account_id, user_id, context_token, received_at)
    SELECT $1, $2, $3, to_timestamp($4::double precision / 1000.0)
    WHERE NOT EXISTS (SELECT 1 FROM newest WHERE newest.context_token = $3)
    ON CONFLICT (account_id, user_id, context_token) DO NOTHING`,

  /**
   * $1 account, $2 user, $3 ids (a run of queued rows answering messages of the token, in order),
   * $4 token, $5 quota, $6 window ms: locks the rows still queued, claims as many slots of the
   * older token as it has left (not retired, its window open, not the newest token, the account
   * able to send) and marks that many of the first rows `sending`, in one statement.
   */
  take: `
    WITH picked AS MATERIALIZED (
      SELECT id FROM weixin_delivery
      WHERE id = ANY($3::bigint[]) AND account_id = $1 AND user_id = $2 AND state = 'queued'
        AND expires_at > now()
      ORDER BY id FOR UPDATE),
    slots AS MATERIALIZED (
      SELECT least((SELECT count(*) FROM picked), $5 - t.replies_used)::int AS n
      FROM weixin_context_token t
      WHERE t.account_id = $1 AND t.user_id = $2 AND t.context_token = $4 AND NOT t.retired
        AND t.replies_used < $5 AND t.received_at > now() - $6${MS}
        AND NOT EXISTS (SELECT 1 FROM weixin_user_context c
          WHERE c.account_id = $1 AND c.user_id = $2 AND c.context_token = $4)
        AND ${accountCanSend('$1')}
      FOR UPDATE OF t),
    claim AS (
      UPDATE weixin_context_token t SET replies_used = t.replies_used + slots.n, updated_at = now()
      FROM slots
      WHERE slots.n > 0 AND t.account_id = $1 AND t.user_id = $2 AND t.context_token = $4
      RETURNING slots.n)
    UPDATE weixin_delivery d SET state = 'sending', updated_at = now()
    WHERE d.id IN (SELECT id FROM picked ORDER BY id LIMIT (SELECT coalesce(max(n), 0) FROM claim))
    RETURNING ${DeliverySql.columns}`,
};
