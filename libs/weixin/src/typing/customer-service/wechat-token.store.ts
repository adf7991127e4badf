import type { DataSource, QueryRunner } from 'typeorm';
import type { TokenCipher } from '../../persistence/token-cipher.js';

/** An access token as stored (decrypted). */
export interface StoredAccessToken {
  token: string;
  expiresAt: Date;
}

/** A fresh token from the platform: the token and its life in ms. */
export interface FetchedAccessToken {
  token: string;
  expiresInMs: number;
}

const SQL = {
  ensure: `INSERT INTO weixin_channel_token (app_id) VALUES ($1) ON CONFLICT (app_id) DO NOTHING`,
  lock: `SELECT token, expires_at FROM weixin_channel_token WHERE app_id = $1 FOR UPDATE`,
  save: `UPDATE weixin_channel_token
    SET token = $2, fetched_at = $3, expires_at = $4, fetches = fetches + 1
    WHERE app_id = $1`,
  read: `SELECT token, expires_at FROM weixin_channel_token WHERE app_id = $1`,
};

interface Row {
  token: string | null;
  expires_at: Date | null;
}

/**
 * The shared copy of an app's access token (`weixin_channel_token`), encrypted with the bot
 * tokens' `TokenCipher`. {@link withLock} holds the app's row lock while deciding whether to
 * fetch, so across replicas and restarts one process fetches per token lifetime and the others
 * wait and reuse it.
 */
export class WeChatTokenStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
  ) {}

  /** The stored token of an app, or `null` (no lock). */
  async read(appId: string): Promise<StoredAccessToken | null> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const rows = (await runner.query(SQL.read, [appId], true)).records as Row[];
      return this.toToken(rows[0]);
    } finally {
      await runner.release();
    }
  }

  /**
   * Under the app's row lock: `decide` sees the stored token and either keeps it (answers
   * `null`) or fetches a new one, which is stored before the lock is released.
   */
  async withLock(
    appId: string,
    now: number,
    decide: (stored: StoredAccessToken | null) => Promise<FetchedAccessToken | null>,
  ): Promise<StoredAccessToken> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(SQL.ensure, [appId]);
      const rows = (await runner.query(SQL.lock, [appId], true)).records as Row[];
      const stored = this.toToken(rows[0]);
      const fresh = await decide(stored);
      const result = fresh
        ? await this.save(runner, appId, fresh, now)
        : (stored as StoredAccessToken);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async save(
    runner: QueryRunner,
    appId: string,
    fresh: FetchedAccessToken,
    now: number,
  ): Promise<StoredAccessToken> {
    const expiresAt = new Date(now + fresh.expiresInMs);
    await runner.query(SQL.save, [
      appId,
      this.cipher.encrypt(fresh.token),
      new Date(now),
      expiresAt,
    ]);
    return { token: fresh.token, expiresAt };
  }

  private toToken(row: Row | undefined): StoredAccessToken | null {
    if (!row?.token || !row.expires_at) return null;
    return { token: this.cipher.decrypt(row.token), expiresAt: row.expires_at };
  }
}
