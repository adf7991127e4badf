import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { PollingService, type WeixinModuleOptions } from 'nestjs-weixin';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import { HANDLED_TABLE_SQL } from '../fixtures/counting.handler.js';
import { InboundAppModule } from '../fixtures/inbound-app.module.js';
import { startChildApp, type ChildApp } from './child-app.js';
import { createTestDatabase } from './test-database.js';
import { useHooked } from './use-hooked.js';
import { waitFor } from './wait-for.js';

/** What an e2e suite of the inbound path starts from: the simulator, bots, its own database. */
export interface E2eBoot {
  sim: IlinkSimulator;
  /** The bots added at boot (`bots` of `bootE2e`), in order. */
  bots: SimBot[];
  /** The first of `bots`. */
  bot: SimBot;
  /** The URL of the suite's own, fresh database. */
  url: string;
  /** A plain connection to that database, for the suite's own queries. */
  db: pg.Client;
  /** The in-process app of `E2eBootOptions.app` (unset without it). */
  app: INestApplicationContext;
  /**
   * Starts the inbound fixture app in a child process on this simulator and database, serving
   * `accounts` (default: every bot); `env` is added last, so it may override `DATABASE_URL`.
   * Every child is SIGKILLed by `close()`.
   */
  startChild(env?: Record<string, string>, accounts?: SimBot[]): ChildApp;
  /**
   * Boots the inbound fixture module in this process on this simulator and database (accounts:
   * `accounts`, default every bot; short polling and lease timings unless `options` gives its own)
   * and waits until every account polls. Closed by `close()`.
   */
  startApp(
    handlers: Type[],
    options?: Partial<WeixinModuleOptions>,
    accounts?: SimBot[],
  ): Promise<INestApplicationContext>;
  /** Kills the children, closes the apps, the database connection and the simulator. */
  close(): Promise<void>;
}

/** Child-app env for leases a restarted replica takes back fast: 2 s TTL, renewed every 0.5 s. */
export const FAST_LEASES = { LEASE_TTL_MS: '2000', LEASE_RENEW_MS: '500' } as const;

/** Settings of `bootE2e`. */
export interface E2eBootOptions {
  /** Bots to add (default 1). */
  bots?: number;
  /** The simulator's long-poll hold (default 1 s). */
  longPollTimeoutMs?: number;
  /** Statements run on the new database first (default: the handled-messages table). */
  setupSql?: string[];
  /** An in-process app to start on every bot (see `E2eBoot.startApp`). */
  app?: { handlers: Type[]; options?: Partial<WeixinModuleOptions> };
}

/** The module options of an app on `sim` serving `accounts`, with the suites' short timings. */
export function simAppOptions(
  sim: IlinkSimulator,
  accounts: SimBot[],
  options: Partial<WeixinModuleOptions> = {},
): WeixinModuleOptions {
  return {
    baseUrl: sim.baseUrl,
    cdnBaseUrl: sim.cdnBaseUrl,
    allowedHosts: ['127.0.0.1'],
    accounts: accounts.map((b) => ({ id: b.botId, token: b.token })),
    ...options,
    polling: { longPollTimeoutMs: 1_000, retryDelayMs: 50, ...options.polling },
    leases: { ttlMs: 3_000, renewIntervalMs: 1_000, ...options.leases },
  };
}

/**
 * Boots an in-process app like a user's (the inbound fixture module with `handlers`) on `sim` and
 * the database at `databaseUrl`, and waits until every account in `accounts` polls.
 */
export async function startSimApp(
  sim: IlinkSimulator,
  accounts: SimBot[],
  databaseUrl: string,
  handlers: Type[],
  options: Partial<WeixinModuleOptions> = {},
): Promise<INestApplicationContext> {
  const app = await Test.createTestingModule({
    imports: [
      InboundAppModule.register(databaseUrl, simAppOptions(sim, accounts, options), handlers),
    ],
  }).compile();
  await app.init();
  const polling = app.get(PollingService);
  if (options.polling?.enabled !== false && options.polling?.autoStart !== false) {
    await waitFor(() => accounts.every((b) => polling.isPolling(b.botId)), 'every account polling');
  }
  return app;
}

/** Starts the simulator with `bots` bots and creates database `name` (see `E2eBoot`). */
export async function bootE2e(name: string, o: E2eBootOptions = {}): Promise<E2eBoot> {
  const sim = await startSimulator({ port: 0, longPollTimeoutMs: o.longPollTimeoutMs ?? 1_000 });
  const bots: SimBot[] = [];
  for (let i = 0; i < (o.bots ?? 1); i++) bots.push(await sim.control.addBot());
  const url = await createTestDatabase(name);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  for (const sql of o.setupSql ?? [HANDLED_TABLE_SQL]) await db.query(sql);
  const children: ChildApp[] = [];
  const apps: INestApplicationContext[] = [];
  if (o.app) apps.push(await startSimApp(sim, bots, url, o.app.handlers, o.app.options));
  return {
    sim,
    bots,
    bot: bots[0]!,
    url,
    db,
    app: apps[0]!,
    startChild(env = {}, accounts = bots) {
      const child = startChildApp({
        DATABASE_URL: url,
        SIM_BASE_URL: sim.baseUrl,
        SIM_CDN_BASE_URL: sim.cdnBaseUrl,
        ACCOUNTS: JSON.stringify(accounts.map((b) => ({ id: b.botId, token: b.token }))),
        ...env,
      });
      children.push(child);
      return child;
    },
    async startApp(handlers, options = {}, accounts = bots) {
      const app = await startSimApp(sim, accounts, url, handlers, options);
      apps.push(app);
      return app;
    },
    async close() {
      await Promise.all(children.map((c) => c.kill('SIGKILL')));
      for (const app of apps) await app.close();
      await db.end();
      await sim.close();
    },
  };
}

/**
 * `bootE2e` in the suite's `beforeAll` and its `close()` in `afterAll`; answers the boot, whose
 * fields are set once `beforeAll` has run.
 */
export function useE2eBoot(name: string, o: E2eBootOptions = {}): E2eBoot {
  return useHooked(() => bootE2e(name, o));
}

/** How many distinct messages the `test_handled` table of the counting handler holds. */
export async function handledMessages(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(DISTINCT message_id) AS n FROM test_handled',
  );
  return Number(rows[0]!.n);
}

/** Waits until `test_handled` holds at least `count` distinct messages. */
export function waitForHandled(
  db: pg.Client,
  count: number,
  what: string,
  timeoutMs: number,
): Promise<boolean> {
  return waitFor(async () => (await handledMessages(db)) >= count, what, timeoutMs);
}
