import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs the parameterized statements of a store on its data source: one statement on a pooled
 * connection, a transaction on one connection, or a delete repeated in batches.
 */
export class SqlRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** The rows a statement answers. */
  async query<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, params)).records as T[];
  }

  /** The number of rows a statement changed. */
  async affected(sql: string, params: unknown[]): Promise<number> {
    return (await this.run(sql, params)).affected ?? 0;
  }

  /**
   * Runs a delete of at most `batch` rows older than `olderThanMs` (its parameters, in that
   * order) until it deletes fewer; answers how many it deleted in all.
   */
  async deleteInBatches(sql: string, olderThanMs: number, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.affected(sql, [olderThanMs, batch]);
      total += n;
      if (n < batch) return total;
    }
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async run(sql: string, params: unknown[]) {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    try {
      return await runner.query(sql, params, true);
    } finally {
      await runner.release();
    }
  }
}
