import type { DataSource } from 'typeorm';

/** The part of `pg.Pool` used for named (prepared) statements. */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

function pgPoolOf(dataSource: DataSource): PgPool | undefined {
  const master = (dataSource.driver as { master?: Partial<PgPool> }).master;
  return typeof master?.query === 'function' ? (master as PgPool) : undefined;
}

/**
 * Runs one parameterized statement and answers its rows (also for `UPDATE … RETURNING`, which
 * `DataSource.query` answers as `[rows, count]` on Postgres). With a `name`, the statement runs
 * as a named prepared statement on the data source's `pg` pool: each connection parses and
 * plans it once, not on every call (for the statements of the send path).
 */
export async function queryRows<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
  name?: string,
): Promise<T[]> {
  const pool = name === undefined ? undefined : pgPoolOf(dataSource);
  if (pool) return (await pool.query({ name: name!, text: sql, values: params })).rows as T[];
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).records as T[];
  } finally {
    await runner.release();
  }
}
