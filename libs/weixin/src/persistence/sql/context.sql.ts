/** SQL of the user-context methods of `WeixinStore`. */
export const ContextSql = {
  /** $1 account id, $2 user id. */
  get: `
    SELECT context_token, received_at, replies_used
    FROM weixin_user_context
    WHERE account_id = $1 AND user_id = $2`,
};
