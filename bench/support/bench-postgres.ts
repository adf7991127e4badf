import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchEmbeddedPostgres } from '../../apps/demo/src/embedded-postgres.js';
import { startSimulator, type IlinkSimulator, type SimulatorOptions } from 'nestjs-weixin/testing';
import { createDatabase } from '../../test/support/test-database.js';

/** A Postgres server for benchmarks: `DATABASE_URL` when set, else an embedded one (default settings, fsync on). */
export interface BenchPostgres {
  /** Creates an empty database and answers its URL. */
  database(name: string): Promise<string>;
  /** Process id of the postmaster (embedded server only; undefined with `DATABASE_URL`). */
  serverPid(): number | undefined;
  stop(): Promise<void>;
}

/** Starts (or reuses) the benchmark server. */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  let baseUrl = process.env.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  let serverPid = (): number | undefined => undefined;
  if (!baseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'weixin-bench-pg-'));
    chmodSync(dir, 0o777);
    const server = await launchEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      persistent: false,
      flags: ['-c', 'max_connections=200'],
    });
    // The first line of postmaster.pid is the postmaster's process id.
    serverPid = () =>
      Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    baseUrl = server.url;
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const root = baseUrl;
  return {
    database: (name) => createDatabase(root, name),
    serverPid,
    stop,
  };
}

/**
 * Runs `body` with the benchmark server and an in-process simulator (`simulator` options), and
 * closes the simulator, then the server, once it settles.
 */
export async function withPostgresAndSimulator<T>(
  simulator: SimulatorOptions,
  body: (pg: BenchPostgres, sim: IlinkSimulator) => Promise<T>,
): Promise<T> {
  const pg = await startBenchPostgres();
  try {
    const sim = await startSimulator(simulator);
    try {
      return await body(pg, sim);
    } finally {
      await sim.close();
    }
  } finally {
    await pg.stop();
  }
}
