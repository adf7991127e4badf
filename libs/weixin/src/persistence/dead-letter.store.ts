import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { WeixinMessage } from '../protocol/index.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import { DeadLetterSql } from './sql/dead-letter.sql.js';

/** A dead-lettered inbox row. */
export interface DeadLetter {
  /** Inbox row id (a bigint as a decimal string). */
  id: string;
  accountId: string;
  messageId: string;
  userId: string;
  attempts: number;
  /** The last handler error (redacted by the dispatcher). */
  lastError: string | null;
  receivedAt: Date;
  deadAt: Date | null;
  /**
   * The stored message without its secrets: `context_token` and the media keys and download
   * parameters (`aes_key`, `aeskey`, `encrypt_query_param`, `full_url`) at any depth.
   */
  payload: WeixinMessage;
}

/** Filter of `DeadLetterStore.list`. */
export interface DeadLetterQuery {
  accountId?: string;
  userId?: string;
  /** Rows with an id greater than this (paging). */
  afterId?: string;
  /** @default 50 */
  limit?: number;
}

interface DeadRecord {
  id: string;
  account_id: string;
  message_id: string;
  user_id: string;
  attempts: number;
  last_error: string | null;
  received_at: Date;
  handled_at: Date | null;
  payload: WeixinMessage;
}

/** Keys removed from dead-letter payloads, wherever they occur (items, quoted messages, media). */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'context_token',
  'aes_key',
  'aeskey',
  'encrypt_query_param',
  'full_url',
]);

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!SECRET_KEYS.has(key)) out[key] = withoutSecrets(inner);
  }
  return out;
}

function toDeadLetter(r: DeadRecord): DeadLetter {
  return {
    id: r.id,
    accountId: r.account_id,
    messageId: r.message_id,
    userId: r.user_id,
    attempts: r.attempts,
    lastError: r.last_error,
    receivedAt: r.received_at,
    deadAt: r.handled_at,
    payload: withoutSecrets(r.payload) as WeixinMessage,
  };
}

/** Dead letters of the inbox: listing and replay (back to `pending`, attempts reset). */
@Injectable()
export class DeadLetterStore {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Dead rows ordered by id (numerically: the bigint column, not its text output). */
  async list(q: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const rows = await this.records<DeadRecord>(DeadLetterSql.list, [
      q.accountId ?? null,
      q.userId ?? null,
      q.afterId ?? null,
      q.limit ?? 50,
    ]);
    return rows.map(toDeadLetter);
  }

  /** One dead row, or `null`. */
  async get(id: string): Promise<DeadLetter | null> {
    const rows = await this.records<DeadRecord>(DeadLetterSql.get, [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  /**
   * Sets dead rows back to `pending` with attempts and error reset (only rows of `accountId` when
   * given). Answers the replayed rows' ids with their accounts.
   */
  async replay(ids: string[], accountId?: string): Promise<{ id: string; accountId: string }[]> {
    if (ids.length === 0) return [];
    const rows = await this.records<{ id: string; account_id: string }>(DeadLetterSql.replay, [
      ids,
      accountId ?? null,
    ]);
    return rows.map((r) => ({ id: r.id, accountId: r.account_id }));
  }

  private async records<T>(sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }
}
