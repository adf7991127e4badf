const COLUMNS = 'id, snapshot, version, final, updated_at';
/** Merges patch `$n` into the snapshot and appends it to the history. */
const apply = (n: number) =>
  `snapshot = snapshot || $${n}::jsonb, history = history || jsonb_build_array($${n}::jsonb), ` +
  'version = version + 1, updated_at = now()';
const HOLD = `now() + $HOLD::double precision * interval '1 millisecond'`;
const hold = (n: number) => HOLD.replace('$HOLD', `$${n}`);

/** SQL of `QrLoginStore`. Times come from the database clock. */
export const LoginSql = {
  /** Serializes inserts over replicas (the active-login limit). */
  lock: `SELECT pg_advisory_xact_lock(hashtext('weixin_login'))`,

  /** $1 login id or null for all, $2 patch. Fails logins whose owner stopped holding them. */
  reap: `
    UPDATE weixin_login
    SET ${apply(2)}, final = true, verify_code_enc = NULL
    WHERE ($1::text IS NULL OR id = $1) AND NOT final AND held_until < now()`,

  /** $1 retention in ms of finished logins. */
  pruneExpired: `
    DELETE FROM weixin_login
    WHERE final AND updated_at < now() - $1::double precision * interval '1 millisecond'`,

  /** $1 logins to keep: the oldest finished ones beyond it go. */
  pruneOldest: `
    DELETE FROM weixin_login WHERE id IN (
      SELECT id FROM weixin_login WHERE final ORDER BY updated_at DESC, id
      OFFSET greatest($1::int - (SELECT count(*) FROM weixin_login WHERE NOT final), 0)
    )`,

  countActive: `SELECT count(*)::int AS active FROM weixin_login WHERE NOT final`,

  /** $1 id, $2 owner, $3 snapshot, $4 hold in ms. */
  insert: `
    INSERT INTO weixin_login (id, owner, snapshot, history, held_until)
    VALUES ($1, $2, $3::jsonb, jsonb_build_array($3::jsonb), ${hold(4)})`,

  /** $1 id. */
  get: `SELECT ${COLUMNS} FROM weixin_login WHERE id = $1`,

  /** $1 id, $2 first version wanted: the history from the start to the newest version. */
  history: `SELECT ${COLUMNS}, history FROM weixin_login WHERE id = $1 AND version >= $2`,

  list: `SELECT ${COLUMNS} FROM weixin_login ORDER BY started_at DESC, id`,

  /** $1 id, $2 owner, $3 patch, $4 final, $5 hold in ms. */
  record: `
    UPDATE weixin_login
    SET ${apply(3)}, final = $4, held_until = ${hold(5)},
        verify_code_enc = CASE WHEN $4 THEN NULL ELSE verify_code_enc END
    WHERE id = $1 AND owner = $2 AND NOT final
    RETURNING id`,

  /** $1 id, $2 owner, $3 hold in ms. */
  sync: `
    UPDATE weixin_login
    SET held_until = CASE WHEN final THEN held_until ELSE ${hold(3)} END
    WHERE id = $1 AND owner = $2
    RETURNING final, verify_code_enc IS NOT NULL AS code_waiting`,

  /** $1 id, $2 encrypted code, $3 patch. */
  submitCode: `
    UPDATE weixin_login
    SET verify_code_enc = $2, ${apply(3)}
    WHERE id = $1 AND NOT final AND snapshot->>'status' = 'need_verifycode'
    RETURNING ${COLUMNS}`,

  /** $1 id, $2 owner. */
  takeCode: `
    UPDATE weixin_login l SET verify_code_enc = NULL
    FROM (SELECT id, verify_code_enc FROM weixin_login WHERE id = $1 AND owner = $2 FOR UPDATE) o
    WHERE l.id = o.id
    RETURNING o.verify_code_enc AS code`,

  /** $1 id, $2 owner. */
  claim: `
    UPDATE weixin_login SET confirming = true
    WHERE id = $1 AND owner = $2 AND NOT final
    RETURNING id`,

  /** $1 id, $2 patch. */
  cancel: `
    UPDATE weixin_login
    SET ${apply(2)}, final = true, verify_code_enc = NULL
    WHERE id = $1 AND NOT final AND NOT confirming`,

  /** $1 id, $2 encrypted credentials. */
  saveCredentials: `UPDATE weixin_login SET credentials_enc = $2 WHERE id = $1`,

  /** $1 id. */
  takeCredentials: `
    UPDATE weixin_login l SET credentials_enc = NULL
    FROM (SELECT id, credentials_enc FROM weixin_login WHERE id = $1 FOR UPDATE) o
    WHERE l.id = o.id
    RETURNING o.credentials_enc AS credentials`,
};
