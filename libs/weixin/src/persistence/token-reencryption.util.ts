import type { SqlRunner } from './sql.runner.js';
import { AccountSql } from './sql/account.sql.js';
import type { TokenCipher } from './token-cipher.js';

/**
 * Re-encrypts with the cipher's current key every account token stored under another key id (key
 * rotation); a token changed in between is left as it is. Answers how many were re-encrypted.
 */
export async function reencryptAccountTokens(sql: SqlRunner, cipher: TokenCipher): Promise<number> {
  const rows = await sql.query<{ id: string; token_enc: string }>(
    'SELECT id, token_enc FROM weixin_account ORDER BY id',
  );
  let changed = 0;
  for (const row of rows) {
    if (!cipher.needsReencryption(row.token_enc)) continue;
    const fresh = cipher.encrypt(cipher.decrypt(row.token_enc));
    changed += await sql.affected(AccountSql.replaceToken, [row.id, row.token_enc, fresh]);
  }
  return changed;
}
