import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { TokenCipher } from 'nestjs-weixin/internal';
import { messageFingerprint, inboundMessageId } from 'nestjs-weixin/internal';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { WeixinStore, type InboundRecord } from 'nestjs-weixin/internal';
import type { WeixinMessage } from 'nestjs-weixin';
import { createTestDatabase } from '../support/test-database.js';

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
  const url = await createTestDatabase(name);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: WEIXIN_ENTITIES,
    migrations: WEIXIN_MIGRATIONS,
    migrationsRun: true,
    extra: { max: poolSize },
  });
  await dataSource.initialize();
  const cipher = new TokenCipher({ k1: randomBytes(32) }, 'k1');
  const store = new WeixinStore(dataSource, cipher);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return {
    url,
    dataSource,
    store,
    cipher,
    sql,
    async close() {
      await sql.end();
      await dataSource.destroy();
    },
  };
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

/** The record the polling loop stores for a wire message. */
export function record(msg: WeixinMessage): InboundRecord {
  return {
    messageId: inboundMessageId(msg),
    fingerprint: messageFingerprint(msg),
    userId: msg.from_user_id ?? '',
    seq: msg.seq,
    createTimeMs: msg.create_time_ms,
    contextToken: msg.context_token,
    payload: msg,
  };
}
