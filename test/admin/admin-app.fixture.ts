import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startSimulator, type IlinkSimulator } from 'nestjs-weixin/testing';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

/** The admin API key of the test apps. */
export const API_KEY = 'test-admin-key-0123456789abcdef';

/** A route of the admin app as its Express router lists it. */
export interface AppRoute {
  method: string;
  path: string;
}

/** A running admin app (child process, real HTTP), its simulator and database. */
export interface AdminTestApp {
  sim: IlinkSimulator;
  url: string;
  routes: AppRoute[];
  db: pg.Client;
  /** The URL of the app's database. */
  databaseUrl: string;
  child: ChildProcess;
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts the simulator, a fresh database and the admin fixture app in a child process (Node
 * loads `@nestjs/throttler`, a CommonJS package requiring the ESM-only `@nestjs/common`, which
 * jest's module runtime cannot).
 */
export async function startAdminApp(
  name: string,
  env: Record<string, string> = {},
): Promise<AdminTestApp> {
  const sim = await startSimulator({ port: 0, longPollTimeoutMs: 2_000, qrPollHoldMs: 50 });
  const databaseUrl = await createTestDatabase(name);
  const spawned = await spawnAdminApp(sim, databaseUrl, env).catch(async (e: unknown) => {
    await sim.close();
    throw e;
  });
  const { app, ready } = spawned;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  return {
    sim,
    url: ready.url,
    routes: ready.routes,
    db,
    databaseUrl,
    child: app.process,
    stderr: app.stderr,
    close: async () => {
      await db.end();
      await app.kill('SIGTERM');
      await sim.close();
    },
  };
}

/**
 * Starts another instance of the admin app on the simulator and database of `t` (a second
 * replica); answers a view of `t` whose `url` is the new instance's, and how to stop it.
 */
export async function startAdminPeer(
  t: AdminTestApp,
  env: Record<string, string> = {},
): Promise<{ app: AdminTestApp; close(): Promise<void> }> {
  const { app, ready } = await spawnAdminApp(t.sim, t.databaseUrl, env);
  return {
    app: { ...t, url: ready.url, routes: ready.routes, child: app.process, stderr: app.stderr },
    close: () => app.kill('SIGTERM'),
  };
}

async function spawnAdminApp(
  sim: IlinkSimulator,
  databaseUrl: string,
  env: Record<string, string>,
): Promise<{ app: ChildApp; ready: { url: string; routes: AppRoute[] } }> {
  const app = startChildApp(
    {
      DATABASE_URL: databaseUrl,
      SIM_BASE_URL: sim.baseUrl,
      SIM_CDN_BASE_URL: sim.cdnBaseUrl,
      ADMIN_API_KEY: API_KEY,
      ...env,
    },
    'admin-app',
  );
  await app.ready;
  // The READY line carries the app's URL and routes; it is complete once the next line starts.
  const line = await waitFor(() => /READY (.*)\n/.exec(app.stdout())?.[1], 'the READY line');
  const ready = JSON.parse(line) as { url: string; routes: AppRoute[] };
  return { app, ready };
}

/** `fetch` of an admin path with the API key. */
export function adminFetch(
  t: AdminTestApp,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${API_KEY}`);
  if (typeof init.body === 'string' && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return fetch(`${t.url}/weixin-admin${path}`, { ...init, headers });
}

/** The JSON answer of an admin call that must succeed. */
export async function adminJson<T>(
  t: AdminTestApp,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const res = await adminFetch(t, path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Row counts of the library tables and a digest of account states ("nothing changed"). */
export async function dbSnapshot(db: pg.Client): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of [
    'weixin_account',
    'weixin_inbox',
    'weixin_user_context',
    'weixin_delivery',
  ]) {
    out[table] = String((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  }
  const states = await db.query(
    `SELECT coalesce(string_agg(id || ':' || state || ':' || token_enc, ',' ORDER BY id), '') AS s
     FROM weixin_account`,
  );
  out['accounts'] = String(states.rows[0].s);
  const inbox = await db.query(
    `SELECT coalesce(string_agg(id || ':' || status || ':' || attempts, ',' ORDER BY id), '') AS s
     FROM weixin_inbox`,
  );
  out['inbox'] = String(inbox.rows[0].s);
  return out;
}

/**
 * Logs a new bot in through the admin API (the simulator confirms the QR after a few polls) and
 * answers its account id once the login is final.
 */
export async function loginThroughAdmin(t: AdminTestApp): Promise<string> {
  const started = await adminJson<{ loginId: string }>(t, '/login', { method: 'POST', body: '{}' });
  const done = await waitFor(async () => {
    const s = await adminJson<{ final: boolean; accountId?: string }>(
      t,
      `/login/${started.loginId}?wait=3000`,
    );
    return s.final ? s : undefined;
  }, 'login confirmed');
  return done.accountId!;
}

/** `user` writes `hi` to the bot and the app's echo reaches them: the account polls and sends. */
export async function greet(t: AdminTestApp, botId: string, user: string): Promise<void> {
  await t.sim.control.sendText(botId, user, 'hi');
  await waitFor(
    async () => (await t.sim.control.sent(botId, user)).some((s) => s.text === 'echo: hi'),
    'the first reply',
  );
}
