// The README's Quick start: `npm run demo` runs the built demo on embedded defaults (its own
// embedded Postgres, an in-process simulator, no WeChat account). This suite runs the same
// built entry point twice on one data folder, as a user running the demo again would.
import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SimulatorControlClient } from 'nestjs-weixin/testing';
import { waitFor } from '../support/wait-for.js';

const ENTRY = resolve('dist/apps/demo/src/main.js');

interface HealthBody {
  status: string;
  info: { weixin: { accounts: Record<string, { status: string; lastPollAt?: string }> } };
}

interface DemoRun {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startDemo(dataDir: string): DemoRun {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" first`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_DATA_DIR: dataDir,
    PORT: '0',
    NO_COLOR: '1',
  };
  // Embedded defaults: nothing of a real server or of another suite's set-up.
  for (const name of Object.keys(env)) {
    if (/^(WEIXIN_|DATABASE_URL$|ADMIN_API_KEY$|HOST$)/.test(name)) delete env[name];
  }
  const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => out, exited };
}

/** Waits for a line of the demo's log, failing with the log when the demo exits first. */
async function logMatch(run: DemoRun, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  return waitFor(
    () => {
      if (ended) throw new Error(`the demo exited before ${what}:\n${run.output()}`);
      return pattern.exec(run.output()) ?? undefined;
    },
    what,
    90_000,
    100,
  );
}

async function stopDemo(run: DemoRun): Promise<number | null> {
  if (run.child.exitCode !== null) return run.child.exitCode;
  run.child.kill('SIGTERM');
  return run.exited;
}

jest.setTimeout(240_000);

describe('npm run demo (the built demo on embedded defaults)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixin-demo-e2e-'));
  let run: DemoRun | undefined;

  afterEach(async () => {
    if (run) await stopDemo(run);
    run = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let qrBot: string | undefined;

  // The second run proves the demo runs again on the same folder: the bot that the first run's
  // sandbox QR login stored lived in that run's simulator (gone with it); it must not keep /health
  // down.
  it.each([1, 2])(
    'run %i: the sandbox user gets an answer, health is up, SIGTERM exits 0',
    async (n) => {
      run = startDemo(dataDir);
      const listening = await logMatch(
        run,
        /demo app listening on (http:\/\/\S+)/,
        'the listen line',
      );
      const base = listening[1]!.replace('[::1]', '127.0.0.1');
      const answer = await logMatch(run, /bot → demo-user@im\.wechat: "([^"]*)"/, 'the bot answer');
      expect(answer[1]!.length).toBeGreaterThan(0);
      expect(run.output()).not.toContain('no reply from the bot');

      // Healthy means every stored bot has been polled: a bot whose simulator is gone never is,
      // and its failed polls turn /health down a few seconds later.
      const health = await waitFor(async () => {
        const res = await fetch(`${base}/health`);
        if (res.status !== 200) return undefined;
        const body = (await res.json()) as HealthBody;
        const accounts = Object.values(body.info.weixin.accounts);
        return accounts.length > 0 && accounts.every((a) => a.status === 'up' && a.lastPollAt)
          ? body
          : undefined;
      }, 'every bot polled and /health up');
      expect(health.status).toBe('ok');

      expect((await fetch(`${base}/weixin-admin/accounts`)).status).toBe(401);
      const key = readFileSync(join(dataDir, 'admin-api.key'), 'utf8').trim();
      const admin = (path: string, init: RequestInit = {}) =>
        fetch(`${base}/weixin-admin${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        });
      expect((await admin('/accounts')).status).toBe(200);

      if (n === 1) {
        // A person scans the sandbox QR: the new bot is stored with this run's simulator URL.
        const simUrl = (
          await logMatch(run, /as a WeChat user: (http:\/\/\S+)/, 'the sandbox URL')
        )[1]!;
        await new SimulatorControlClient(simUrl).scriptQrLogin({ steps: ['scaned', 'confirmed'] });
        const started = (await (await admin('/login', { method: 'POST', body: '{}' })).json()) as {
          loginId: string;
        };
        const done = await waitFor(async () => {
          const s = (await (await admin(`/login/${started.loginId}?wait=2000`)).json()) as {
            status: string;
            accountId?: string;
          };
          return s.status === 'confirmed' ? s : undefined;
        }, 'a confirmed QR login');
        qrBot = done.accountId;
        const accounts = (await (await admin('/accounts')).json()) as { id: string }[];
        expect(accounts.map((a) => a.id)).toContain(qrBot);
      } else {
        expect(qrBot).toBeDefined();
        expect(run.output()).toContain(`removed ${qrBot}`);
        const accounts = (await (await admin('/accounts')).json()) as { id: string }[];
        expect(accounts.map((a) => a.id)).not.toContain(qrBot);
      }

      expect(await stopDemo(run)).toBe(0);
      run = undefined;
    },
  );
});
