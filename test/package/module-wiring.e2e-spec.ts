import { Test } from '@nestjs/testing';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  WEIXIN_ENTITIES,
  WEIXIN_MIGRATIONS,
  WeixinAccountsService,
  WeixinConfigError,
  WeixinModule,
} from 'nestjs-weixin';
import { WeixinHealthModule } from 'nestjs-weixin/health';
import { WeixinMetricsModule } from 'nestjs-weixin/metrics';
import { createTestDatabase } from '../support/test-database.js';
import { ROOT, run } from './consumer-app.js';

const KEY = Buffer.alloc(32, 5).toString('base64');
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase('module_wiring');
});

function peers(manualInitialization = false) {
  return [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: databaseUrl,
      entities: [...WEIXIN_ENTITIES],
      migrations: [...WEIXIN_MIGRATIONS],
      migrationsRun: true,
      manualInitialization,
    }),
  ];
}

describe('the opt-in modules without a global WeixinModule', () => {
  it.each([
    ['WeixinHealthModule', WeixinHealthModule],
    ['WeixinMetricsModule', WeixinMetricsModule.forRoot()],
  ])('%s stops the boot with a WeixinConfigError naming the fix', async (name, module) => {
    const boot = Test.createTestingModule({ imports: [module] }).compile();
    await expect(boot).rejects.toThrow(WeixinConfigError);
    await expect(
      Test.createTestingModule({
        imports: [module],
      }).compile(),
    ).rejects.toThrow(`${name} needs WeixinModule registered globally`);
  });

  // The admin module loads CommonJS peers that jest's ESM runtime cannot: boot it in node, from
  // the built package.
  it('WeixinAdminModule stops the boot with a WeixinConfigError naming the fix', async () => {
    const script = [
      "import 'reflect-metadata';",
      "import { NestFactory } from '@nestjs/core';",
      "import { Module } from '@nestjs/common';",
      "import { WeixinAdminModule } from 'nestjs-weixin/admin';",
      'class App {}',
      "Module({ imports: [WeixinAdminModule.forRoot({ apiKeys: ['k'.repeat(32)] })] })(App);",
      'try { await NestFactory.create(App, { logger: false, abortOnError: false }); }',
      'catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], ROOT);
    const error = JSON.parse(stdout.trim()) as { name: string; message: string };
    expect(error.name).toBe('WeixinConfigError');
    expect(error.message).toContain('WeixinAdminModule needs WeixinModule registered globally');
  });

  it('names the fix when WeixinModule is there but not global', async () => {
    const boot = Test.createTestingModule({
      imports: [
        // No connection: the boot must fail on the module wiring, before any database work.
        ...peers(true),
        WeixinModule.forRoot({
          encryption: { keys: { k1: KEY }, currentKeyId: 'k1' },
          polling: { enabled: false },
        }),
        WeixinMetricsModule.forRoot(),
      ],
    }).compile();
    await expect(boot).rejects.toThrow(/isGlobal: true/);
  });
});

describe('WeixinModule.forRoot({ isGlobal: true })', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('reads the WEIXIN_* environment for the fields it does not give', async () => {
    Object.assign(process.env, {
      WEIXIN_ACCOUNT_ID: 'env-bot@im.bot',
      WEIXIN_BOT_TOKEN: 'env-bot@im.bot:token',
      WEIXIN_BASE_URL: 'http://127.0.0.1:9/',
      WEIXIN_ENCRYPTION_KEY: KEY,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ...peers(),
        WeixinModule.forRoot({ isGlobal: true, polling: { enabled: false } }),
        WeixinHealthModule.forRoot(),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const accounts = app.get(WeixinAccountsService);
      await accounts.seedFromOptions(); // what the poller does at start-up (polling is off here)
      expect((await accounts.list()).map((a) => a.id)).toEqual(['env-bot@im.bot']);
    } finally {
      await app.close();
    }
  });
});
