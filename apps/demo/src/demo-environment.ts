import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { startSimulator, type IlinkSimulator } from 'nestjs-weixin/testing';
import { adminKeyFile, demoDataDir, setting } from './demo-settings.js';
import { launchEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.js';

/** What the demo runs against: given by the environment, or embedded defaults. */
export interface DemoEnvironment {
  databaseUrl: string;
  baseUrl?: string;
  cdnBaseUrl?: string;
  accounts: { id: string; token: string }[];
  encryptionKey: string;
  /** API key of the admin routes (`ADMIN_API_KEY`; else generated once into the data dir). */
  adminApiKey: string;
  /** The in-process simulator (sandbox mode) — absent when talking to a real iLink server. */
  simulator?: IlinkSimulator;
  stop(): Promise<void>;
}

const logger = new Logger('DemoEnvironment');

/**
 * Embedded Postgres (the `embedded-postgres` package: a real PostgreSQL server with a persistent
 * data directory under the OS temp dir, so the demo runs with no database installed).
 */
async function startEmbeddedPostgres(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  ensureDataDir(dir);
  // Run as root, embedded-postgres starts the server as the `postgres` user, which creates `pg`
  // here: the folder is world-writable then, with the sticky bit so that only the owner of a file
  // (root for the key files) can remove or replace it.
  if (userInfo().uid === 0) chmodSync(dir, 0o1777);
  const dataDir = join(dir, 'pg');
  const log: string[] = [];
  const keep = (line: unknown): void => {
    log.push(String(line).trim());
    if (log.length > 5) log.shift();
  };
  let server: RunningPostgres;
  try {
    server = await launchEmbeddedPostgres({
      dataDir,
      persistent: true,
      onLog: keep,
      onError: keep,
    });
  } catch (err) {
    throw new Error(
      `The demo's embedded Postgres did not start in ${dataDir} ` +
        `(${err instanceof Error ? err.message : 'the server exited'}; last log: ${log.join(' | ')}). ` +
        'Is another demo still running? Stop it, or set DEMO_DATA_DIR to another folder, ' +
        'or DATABASE_URL to a Postgres server.',
      { cause: err },
    );
  }
  logger.log(`embedded Postgres on ${new URL(server.url).host}, data in ${dataDir}`);
  return server;
}

function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The secret kept in `file` (mode 0600), created by `make` on first use. */
function storedSecret(file: string, dir: string, make: () => string): string {
  if (!existsSync(file)) {
    ensureDataDir(dir);
    writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/** A demo-only key kept beside the embedded data; real deployments set WEIXIN_ENCRYPTION_KEY. */
function demoEncryptionKey(dir: string): string {
  return storedSecret(join(dir, 'demo-encryption.key'), dir, () =>
    randomBytes(32).toString('base64'),
  );
}

/** `ADMIN_API_KEY`, else a key generated once into the data dir (only its path is logged). */
function demoAdminKey(env: NodeJS.ProcessEnv): string {
  const given = setting('ADMIN_API_KEY', env);
  if (given) return given;
  const file = adminKeyFile(env);
  const key = storedSecret(file, demoDataDir(env), () => randomBytes(24).toString('base64url'));
  logger.log(`ADMIN_API_KEY is not set: the admin API key is in ${file}`);
  return key;
}

/**
 * The sandbox bot keeps one id and token across runs (kept beside the embedded data), so the
 * account stored by an earlier run is the same bot on the new simulator.
 */
function sandboxBotIdentity(dir: string): { botId: string; token: string } {
  const text = storedSecret(join(dir, 'sandbox-bot.json'), dir, () => {
    const botId = `${randomBytes(6).toString('hex')}@im.bot`;
    return JSON.stringify({ botId, token: `${botId}:${randomBytes(24).toString('hex')}` });
  });
  return JSON.parse(text) as { botId: string; token: string };
}

/** Whether the demo runs against its in-process simulator (no `WEIXIN_BASE_URL`). */
export function isSandbox(env: NodeJS.ProcessEnv = process.env): boolean {
  return setting('WEIXIN_BASE_URL', env) === undefined;
}

/** Resolves the demo's environment, starting what is not configured. */
export async function prepareDemoEnvironment(env = process.env): Promise<DemoEnvironment> {
  const dir = demoDataDir(env);
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  let databaseUrl = setting('DATABASE_URL', env);
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(dir);
    databaseUrl = pg.url;
    stops.push(pg.stop);
  }
  const encryptionKey = setting('WEIXIN_ENCRYPTION_KEY', env) ?? demoEncryptionKey(dir);
  const adminApiKey = demoAdminKey(env);
  const baseUrl = setting('WEIXIN_BASE_URL', env);
  if (baseUrl) {
    const id = setting('WEIXIN_ACCOUNT_ID', env);
    const token = setting('WEIXIN_BOT_TOKEN', env);
    return {
      databaseUrl,
      baseUrl,
      cdnBaseUrl: setting('WEIXIN_CDN_BASE_URL', env),
      accounts: id && token ? [{ id, token }] : [],
      encryptionKey,
      adminApiKey,
      stop,
    };
  }
  const simulator = await startSimulator({
    port: Number(setting('SIMULATOR_PORT', env) ?? 0),
    host: setting('SIMULATOR_HOST', env) ?? '127.0.0.1',
    longPollTimeoutMs: 25_000,
  });
  stops.push(() => simulator.close());
  const bot = await simulator.control.addBot(sandboxBotIdentity(dir));
  logger.log(`sandbox: iLink simulator at ${simulator.baseUrl} with bot ${bot.botId}`);
  return {
    databaseUrl,
    baseUrl: simulator.baseUrl,
    cdnBaseUrl: simulator.cdnBaseUrl,
    accounts: [{ id: bot.botId, token: bot.token }],
    encryptionKey,
    adminApiKey,
    simulator,
    stop,
  };
}
