/** SQL of the account methods of `WeixinStore`. */
export const AccountSql = {
  /**
   * $1 id, $2 token_enc, $3 base_url, $4 cdn_base_url, $5 owner_user_id, $6..$8 "given" flags.
   * Answers the row as `select` does.
   */
  upsert: `
    INSERT INTO weixin_account (id, token_enc, base_url, cdn_base_url, owner_user_id)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (id) DO UPDATE SET
      token_enc = EXCLUDED.token_enc,
      base_url = CASE WHEN $6::boolean THEN EXCLUDED.base_url ELSE weixin_account.base_url END,
      cdn_base_url =
        CASE WHEN $7::boolean THEN EXCLUDED.cdn_base_url ELSE weixin_account.cdn_base_url END,
      owner_user_id =
        CASE WHEN $8::boolean THEN EXCLUDED.owner_user_id ELSE weixin_account.owner_user_id END,
      state = 'active',
      last_error = NULL,
      updated_at = now()
    RETURNING id, token_enc, base_url, cdn_base_url, owner_user_id, state, "cursor",
              last_poll_at, last_error`,

  select: `
    SELECT id, token_enc, base_url, cdn_base_url, owner_user_id, state, "cursor",
           last_poll_at, last_error
    FROM weixin_account`,

  /**
   * $1 id. Run first by every statement sequence that changes both an account and its lease, so
   * that they lock in the order `persistBatch` does (lease, then account) and cannot deadlock.
   */
  lockLease: `SELECT 1 FROM weixin_lease WHERE account_id = $1 FOR UPDATE`,

  /** $1 id, $2 state, $3 whether to set last_error, $4 last_error. */
  setState: `
    UPDATE weixin_account
    SET state = $2,
        last_error = CASE WHEN $3::boolean THEN $4 ELSE last_error END,
        updated_at = now()
    WHERE id = $1
    RETURNING id`,

  /** $1 id. */
  expireLease: `
    UPDATE weixin_lease SET expires_at = now() WHERE account_id = $1 AND expires_at > now()`,

  /** $1 id. */
  removeInbox: `DELETE FROM weixin_inbox WHERE account_id = $1`,

  /** $1 id. The lease and user contexts go by cascade. */
  remove: `DELETE FROM weixin_account WHERE id = $1 RETURNING id`,

  /** $1 id, $2 error or null. */
  recordPoll: `
    UPDATE weixin_account
    SET last_poll_at = CASE WHEN $2::text IS NULL THEN now() ELSE last_poll_at END,
        last_error = $2,
        updated_at = now()
    WHERE id = $1`,

  /** $1 id, $2 expected token_enc, $3 new token_enc. */
  replaceToken: `
    UPDATE weixin_account SET token_enc = $3, updated_at = now()
    WHERE id = $1 AND token_enc = $2`,
};
