import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { queryRows } from 'nestjs-weixin/internal';
import { median } from '../measure.js';
import { processCpuMicros } from './process-cpu.js';

/** Messages per insert statement (a poll's batch) and done marks per statement (as ours run). */
const FLOOR_BATCH = 100;
const FLOOR_DONE_BATCH = 33;

/** The connection URL the data source was opened with. */
function urlOf(db: DataSource): string {
  const url = (db.options as { url?: string }).url;
  if (!url) throw new Error('floor: the data source has no url');
  return url;
}

/**
 * Postgres CPU per message (µs) of the least row-per-message storage that still keeps the inbox's
 * guarantees: each message stored durably before it is acknowledged and found again by its id or
 * its content when it is redelivered (two unique keys), then marked done durably (an update
 * Postgres can make in place: nothing indexed changes, pages left half free). Nothing else: no
 * lease fence, cursor, context token, replay index or row id. It stores the account's last `count`
 * inbox rows again (same ids, senders and payloads) in a scratch table, in batches of 100 with
 * done marks 33 at a time, one commit per statement, on a connection of its own, then drops the
 * table. Only that connection's backend process is counted (not the WAL writer, checkpointer or
 * autovacuum, which ours is charged for): a lower bound.
 */
export async function inboxStorageFloorMicros(
  db: DataSource,
  accountId: string,
  count: number,
): Promise<number> {
  const rows = (await db.query(
    `SELECT message_id, fingerprint, user_id, payload::text AS payload FROM weixin_inbox
     WHERE account_id = $1 ORDER BY id DESC LIMIT $2`,
    [accountId, count],
  )) as { message_id: string; fingerprint: string; user_id: string; payload: string }[];
  if (rows.length < count) throw new Error(`floor: only ${rows.length} inbox rows to copy`);
  const client = new pg.Client({ connectionString: urlOf(db) });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
      .pid;
    await client.query(`DROP TABLE IF EXISTS bench_inbox_floor`);
    await client.query(`CREATE TABLE bench_inbox_floor (
        account_id text NOT NULL, message_id text NOT NULL, fingerprint text NOT NULL,
        user_id text NOT NULL, payload jsonb NOT NULL, status text NOT NULL DEFAULT 'pending',
        handled_at timestamptz,
        UNIQUE (account_id, message_id), UNIQUE (account_id, fingerprint)
      ) WITH (fillfactor = 50)`);
    const cpu0 = processCpuMicros(backend);
    for (let at = 0; at < rows.length; at += FLOOR_BATCH) {
      const batch = rows.slice(at, at + FLOOR_BATCH);
      await client.query({
        name: 'bench_floor_insert',
        text: `INSERT INTO bench_inbox_floor (account_id, message_id, fingerprint, user_id, payload)
          SELECT $1, m, f, u, p::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
            AS t(m, f, u, p)
          ON CONFLICT DO NOTHING`,
        values: [
          accountId,
          batch.map((r) => r.message_id),
          batch.map((r) => r.fingerprint),
          batch.map((r) => r.user_id),
          batch.map((r) => r.payload),
        ],
      });
      for (let d = 0; d < batch.length; d += FLOOR_DONE_BATCH) {
        await client.query({
          name: 'bench_floor_done',
          text: `UPDATE bench_inbox_floor SET status = 'done', handled_at = now()
            WHERE account_id = $1 AND message_id = ANY($2::text[]) AND status = 'pending'`,
          values: [accountId, batch.slice(d, d + FLOOR_DONE_BATCH).map((r) => r.message_id)],
        });
      }
    }
    const micros = (processCpuMicros(backend) - cpu0) / rows.length;
    await client.query(`DROP TABLE bench_inbox_floor`);
    return micros;
  } finally {
    await client.end();
  }
}

/**
 * The median time (ms) of one durable commit seen from this process, each `spacingMs` after the
 * last so that, as at one message a second, nothing is warm: a one-row `INSERT` run as the
 * library runs its hot statements (`queryRows` with a name: a prepared statement on the data
 * source's `pg` pool), committed with the server's settings.
 */
export async function commitRoundTripMs(
  db: DataSource,
  count: number,
  spacingMs: number,
): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS bench_commit_floor (id bigserial PRIMARY KEY)`);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      await sleep(spacingMs);
      const t0 = performance.now();
      await queryRows(
        db,
        `INSERT INTO bench_commit_floor DEFAULT VALUES`,
        [],
        'bench_commit_floor',
      );
      times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    await db.query(`DROP TABLE bench_commit_floor`);
  }
}
