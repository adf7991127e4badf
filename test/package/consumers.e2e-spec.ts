import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatorControlClient } from 'nestjs-weixin/testing';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import {
  copyConsumer,
  installConsumer,
  installedBin,
  installedCopies,
  packPackage,
  run,
  startNode,
  type Running,
} from './consumer-app.js';

// Two apps a user could have written, each in its own folder with its own lockfile: the packed
// package is installed into them from its tarball with their peers from the registry, compiled
// with `strict` and `skipLibCheck: false`, and run against the simulator started by the
// installed package's bin and a real Postgres.
jest.setTimeout(600_000);

interface Consumer {
  name: string;
  /** Routes as the app mounts them. */
  admin: string;
  docs: string;
  health: string;
  metrics: string;
  /** A message and the reply the app's handler gives it. */
  say: string;
  reply: RegExp;
  /** A second message from the same user and its reply (handled after every answer to `say`). */
  next: string;
  nextReply: RegExp;
}

const CONSUMERS: Consumer[] = [
  {
    name: 'nest11-cjs',
    admin: 'admin/weixin',
    docs: 'admin/weixin/openapi',
    health: 'healthz',
    metrics: 'prometheus',
    say: 'hello there',
    reply: /^Hello, user-\w+@im\.wechat!$/,
    next: 'ping',
    nextReply: /^pong$/,
  },
  {
    name: 'nest12-esm',
    admin: 'weixin-admin',
    docs: 'weixin-admin/docs',
    health: 'health',
    metrics: 'metrics',
    say: '/help',
    reply: /^Send me anything/,
    next: 'hi',
    nextReply: /^You said: hi$/,
  },
];

const ADMIN_KEY = randomBytes(24).toString('base64url');
let tarball: string;
const dirs = new Map<string, string>();

beforeAll(async () => {
  tarball = await packPackage();
  for (const c of CONSUMERS) dirs.set(c.name, copyConsumer(c.name));
  await Promise.all(CONSUMERS.map((c) => installConsumer(dirs.get(c.name)!, tarball)));
});

describe('the packed tarball', () => {
  it('holds built JS, declarations, maps, README, LICENSE and CHANGELOG, and nothing of the repo', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']),
    );
    for (const ext of ['.js', '.d.ts', '.js.map', '.d.ts.map']) {
      expect(files.some((f) => f.startsWith('dist/') && f.endsWith(ext))).toBe(true);
    }
    const foreign = files.filter(
      (f) =>
        !f.startsWith('dist/') &&
        !['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].includes(f),
    );
    expect(foreign).toEqual([]);
    expect(files.filter((f) => /\.spec\.|e2e|\/test\/|apps\/|bench\//.test(f))).toEqual([]);
  });
});

describe('the packed manifest', () => {
  it('depends only on what the core imports; Nest, TypeORM, pg and the opt-in modules are peers', () => {
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['qrcode', 'silk-wasm', 'undici']);
    for (const peer of ['@nestjs/common', '@nestjs/core', '@nestjs/typeorm']) {
      expect(manifest.peerDependencies[peer]).toBe('^11.0.0 || ^12.0.0');
    }
    expect(manifest.peerDependencies['@nestjs/event-emitter']).toBe('^3.0.0 || ^12.0.0');
    expect(manifest.peerDependencies.typeorm).toBe('^0.3.20 || ^1.0.0');
    const optional = Object.keys(manifest.peerDependenciesMeta).sort();
    expect(optional).toEqual([
      '@nestjs/platform-express',
      '@nestjs/swagger',
      '@nestjs/terminus',
      '@nestjs/throttler',
      'class-transformer',
      'class-validator',
      'prom-client',
    ]);
    for (const entry of ['.', './admin', './health', './metrics', './testing']) {
      expect(manifest.exports[entry]).toEqual({
        types: expect.stringMatching(/\.d\.ts$/),
        default: expect.stringMatching(/\.js$/),
      });
    }
  });
});

describe.each(CONSUMERS)('consumer $name', (c) => {
  let dir: string;
  let sim: Running;
  let app: Running | undefined;
  let control: SimulatorControlClient;
  let base: string;
  let bot: { id: string; token: string };

  beforeAll(async () => {
    dir = dirs.get(c.name)!;
    await run('npx', ['tsc', '-p', 'tsconfig.json'], dir);
    sim = await startNode(
      [installedBin(dir), 'simulator', '--port', '0'],
      dir,
      process.env,
      /bot token:\s+\S+/,
    );
    const out = sim.output();
    const baseUrl = /base URL:\s+(\S+)/.exec(out)![1]!;
    bot = { id: /bot id:\s+(\S+)/.exec(out)![1]!, token: /bot token:\s+(\S+)/.exec(out)![1]! };
    control = new SimulatorControlClient(baseUrl);
    const env = {
      ...process.env,
      DATABASE_URL: await createTestDatabase(`consumer_${c.name.replace(/-/g, '_')}`),
      WEIXIN_BASE_URL: baseUrl,
      WEIXIN_CDN_BASE_URL: /CDN URL:\s+(\S+)/.exec(out)![1]!,
      WEIXIN_ACCOUNT_ID: bot.id,
      WEIXIN_BOT_TOKEN: bot.token,
      WEIXIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_API_KEY: ADMIN_KEY,
      PORT: '0',
    };
    app = await startNode(['dist/main.js'], dir, env, /listening on (http:\/\/\S+)/);
    base = /listening on (http:\/\/\S+)/.exec(app.output())![1]!.replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
  });

  it('has one copy of @nestjs/core and @nestjs/common', async () => {
    expect(await installedCopies(dir, '@nestjs/core')).toHaveLength(1);
    expect(await installedCopies(dir, '@nestjs/common')).toHaveLength(1);
  });

  it('routes an inbound text to its @OnWeixinMessage handler and the reply to the simulator', async () => {
    const user = `user-${randomBytes(4).toString('hex')}@im.wechat`;
    await control.sendText(bot.id, user, c.say);
    const sent = await waitFor(async () => {
      const all = await control.sent(bot.id, user);
      return all.length > 0 ? all : undefined;
    }, `the reply of ${c.name}`);
    expect(sent[0]!.text).toMatch(c.reply);
    // One user's messages are handled in order: once the next message is answered, every answer
    // to the first one has been sent, so a second handler matching it would show here.
    await control.sendText(bot.id, user, c.next);
    const all = await waitFor(async () => {
      const got = await control.sent(bot.id, user);
      return got.some((s) => c.nextReply.test(s.text ?? '')) ? got : undefined;
    }, `the reply of ${c.name} to its next message`);
    expect(all.map((s) => s.accepted)).toEqual([true, true]);
    expect(all[0]!.text).toMatch(c.reply);
    expect(all[1]!.text).toMatch(c.nextReply);
  });

  if (c.name === 'nest12-esm') {
    it('sends with typing, an image with its caption, and a Markdown text (README code)', async () => {
      const user = `user-${randomBytes(4).toString('hex')}@im.wechat`;
      await control.sendText(bot.id, user, '/report');
      const sent = await waitFor(async () => {
        const all = await control.sent(bot.id, user);
        return all.length >= 3 ? all : undefined;
      }, 'the report');
      expect(sent.map((s) => s.accepted)).toEqual([true, true, true]);
      expect(sent[0]!.text).toBe('This week');
      expect(Object.keys(sent[1]!.item)).toContain('image_item');
      expect(sent[2]!.text).toBe('**Done.** Ask again any time.');
      const typing = await control.typing(bot.id, user);
      expect(typing.events.map((t) => t.status)).toEqual([1, 2]);
    });
  }

  it('refuses the admin API without a key and answers with one', async () => {
    const url = `${base}/${c.admin}/accounts`;
    expect((await fetch(url)).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
    expect(ok.status).toBe(200);
    expect(JSON.stringify(await ok.json())).toContain(bot.id);
  });

  it('serves the OpenAPI document where setupWeixinAdminSwagger was told', async () => {
    const res = await fetch(`${base}/${c.docs}-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain(`/${c.admin}/accounts`);
    expect((await fetch(`${base}/${c.docs}`)).status).toBe(200);
  });

  it('answers health and metrics on the paths it gave the modules', async () => {
    const health = await waitFor(async () => {
      const res = await fetch(`${base}/${c.health}`);
      return res.status === 200 ? ((await res.json()) as { status: string }) : undefined;
    }, 'a healthy answer');
    expect(health.status).toBe('ok');
    const metrics = await fetch(`${base}/${c.metrics}`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('weixin_polls_total');
  });
});

describe('consumer nest12-esm beyond replies', () => {
  it('runs the library migrations through the TypeORM CLI with its data source', async () => {
    const dir = dirs.get('nest12-esm')!;
    const env = { ...process.env, DATABASE_URL: await createTestDatabase('consumer_cli') };
    await run('npx', ['typeorm', 'migration:run', '-d', 'dist/data-source.js'], dir, env);
    const { stdout } = await run(
      'npx',
      ['typeorm', 'migration:show', '-d', 'dist/data-source.js'],
      dir,
      env,
    );
    const applied = stdout.split('\n').filter((l) => l.includes('[X]'));
    expect(applied.length).toBeGreaterThanOrEqual(5);
    expect(applied[0]).toContain('WeixinInit');
    expect(stdout).not.toContain('[ ]');
  });
});

describe('the installed bin', () => {
  it('runs a QR login against a server and prints the credentials (--json, --env, --save)', async () => {
    const dir = dirs.get('nest12-esm')!;
    const sim = await startNode(
      [installedBin(dir), 'simulator', '--port', '0'],
      dir,
      process.env,
      /bot token:\s+\S+/,
    );
    try {
      const baseUrl = /base URL:\s+(\S+)/.exec(sim.output())![1]!;
      const login = (...args: string[]) =>
        run(process.execPath, [installedBin(dir), 'login', '--base-url', baseUrl, ...args], dir);
      const json = JSON.parse((await login('--json')).stdout) as Record<string, string>;
      expect(json).toEqual({
        accountId: expect.stringMatching(/@im\.bot$/),
        token: expect.any(String),
        baseUrl: expect.any(String),
        ownerUserId: expect.stringMatching(/@im\.wechat$/),
      });
      const env = (await login('--env')).stdout;
      expect(env).toMatch(
        /^WEIXIN_ACCOUNT_ID=\S+@im\.bot\nWEIXIN_BOT_TOKEN=\S+\nWEIXIN_BASE_URL=\S+\n$/,
      );
      const saved = await login('--save', '--state-dir', '.weixin-state');
      expect(saved.stdout).toBe('');
      const file = /credentials saved to (\S+)/.exec(saved.stderr)![1]!;
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      await expect(login()).rejects.toThrow(/--env, --json or --save/);
    } finally {
      await sim.stop();
    }
  });
});

describe('nestjs-weixin/testing in a user test (Nest 11, CommonJS)', () => {
  it('boots the app on the environment it sets, sends a message and reads the reply', async () => {
    const dir = dirs.get('nest11-cjs')!;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: await createTestDatabase('consumer_kit'),
      ADMIN_API_KEY: ADMIN_KEY,
    };
    delete env.WEIXIN_ACCOUNT_ID;
    delete env.WEIXIN_BOT_TOKEN;
    const { stdout } = await run(process.execPath, ['dist/kit.check.js'], dir, env);
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      handlers: string[];
      replies: string[];
    };
    expect(result).toEqual({ handlers: ['GreeterBot#ping'], replies: ['pong'] });
  });
});
