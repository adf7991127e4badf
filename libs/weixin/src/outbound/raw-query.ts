import type { DataSource } from 'typeorm';

/**
 * Runs one parameterized statement and answers its rows (also for `UPDATE … RETURNING`, which
 * `DataSource.query` answers as `[rows, count]` on Postgres).
 */
export async function queryRows<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).records as T[];
  } finally {
    await runner.release();
  }
}
