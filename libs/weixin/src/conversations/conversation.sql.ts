/** SQL of `ConversationStore` and of the conversation write in a message's commit. */
export const ConversationSql = {
  /** $1 account id, $2 user id. */
  load: `
    SELECT scene, step, state, expires_at <= now() AS expired
    FROM weixin_conversation
    WHERE account_id = $1 AND user_id = $2`,
  /** $1 account id, $2 user id, $3 scene, $4 step, $5 state (JSON text), $6 timeout (ms). */
  save: `
    INSERT INTO weixin_conversation (account_id, user_id, scene, step, state, expires_at, updated_at)
    VALUES ($1, $2, $3, $4, $5::jsonb, now() + $6 * interval '1 millisecond', now())
    ON CONFLICT (account_id, user_id) DO UPDATE SET
      scene = EXCLUDED.scene,
      step = EXCLUDED.step,
      state = EXCLUDED.state,
      expires_at = EXCLUDED.expires_at,
      updated_at = EXCLUDED.updated_at`,
  /** $1 account id, $2 user id. */
  clear: 'DELETE FROM weixin_conversation WHERE account_id = $1 AND user_id = $2',
  /** $1 ms past expiry after which a row is deleted, $2 batch size. */
  prune: `
    DELETE FROM weixin_conversation WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM weixin_conversation
      WHERE expires_at < now() - $1 * interval '1 millisecond'
      LIMIT $2))`,
};
