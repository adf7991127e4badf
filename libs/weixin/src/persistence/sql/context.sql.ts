/** SQL of the user-context methods of `WeixinStore`. */
export const ContextSql = {
  /** $1 account id, $2 user id. */
  get: `
    SELECT context_token, received_at, replies_used
    FROM weixin_user_context
    WHERE account_id = $1 AND user_id = $2`,

  /**
   * $1 ms, $2 limit: up to $2 quota rows of older tokens received more than $1 ms ago.
   */
  pruneTokens: `
    DELETE FROM weixin_context_token WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM weixin_context_token
      WHERE received_at < now() - $1::double precision * interval '1 millisecond'
      LIMIT $2))`,
};
