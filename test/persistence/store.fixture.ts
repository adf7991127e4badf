import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { TokenCipher } from 'nestjs-weixin/internal';
import { WeixinStore } from 'nestjs-weixin/internal';
import type { WeixinMessage } from 'nestjs-weixin';
import { openSchemaDatabase } from '../support/schema-database.js';

/** The record the polling loop stores for a wire message. */
export { toInboundRecord as record } from 'nestjs-weixin/internal';

/** A migrated test database with a store, a raw pg client for checks, and the cipher keys. */
export interface StoreFixture {
  url: string;
  dataSource: DataSource;
  store: WeixinStore;
  cipher: TokenCipher;
  sql: pg.Client;
  close(): Promise<void>;
}

export async function openStore(name: string, poolSize = 10): Promise<StoreFixture> {
  const {
    url,
    ds: dataSource,
    sql,
    close,
  } = await openSchemaDatabase(name, {
    migrationsRun: true,
    poolSize,
  });
  const cipher = new TokenCipher({ k1: randomBytes(32) }, 'k1');
  return { url, dataSource, store: new WeixinStore(dataSource, cipher), cipher, sql, close };
}

/** Rows of a raw query. */
export async function rows<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: pg.Client,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await sql.query<T>(text, params)).rows;
}

/** A count of a raw query. */
export async function count(sql: pg.Client, text: string, params: unknown[] = []): Promise<number> {
  const r = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM (${text}) t`, params);
  return Number(r.rows[0]!.n);
}

/** An inbound text message as getupdates delivers it. */
export function wireText(
  id: string,
  user: string,
  text: string,
  createTimeMs: number,
  contextToken = `ctx-${id}`,
): WeixinMessage {
  return {
    seq: Number(createTimeMs % 100000),
    message_id: id,
    from_user_id: user,
    to_user_id: 'bot@im.bot',
    create_time_ms: createTimeMs,
    message_type: 1,
    message_state: 2,
    context_token: contextToken,
    item_list: [{ type: 1, text_item: { text } }],
  };
}
