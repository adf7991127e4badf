import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import {
  IlinkClient,
  PollingService,
  WEIXIN_ENTITIES,
  WEIXIN_MIGRATIONS,
  WeixinConfigError,
  WeixinHostNotAllowedError,
  WeixinModule,
  type WeixinModuleOptions,
  type WeixinOptionsFactory,
} from 'nestjs-weixin';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { TEST_ENCRYPTION } from '../fixtures/inbound-app.module.js';

describe('WeixinModule registration forms and lifecycle', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let url: string;
  let base: WeixinModuleOptions;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, longPollTimeoutMs: 30_000 });
    bot = await sim.control.addBot();
    url = await createTestDatabase('module_e2e');
    base = {
      baseUrl: sim.baseUrl,
      cdnBaseUrl: sim.cdnBaseUrl,
      allowedHosts: ['127.0.0.1'],
      accounts: [{ id: bot.botId, token: bot.token }],
      encryption: TEST_ENCRYPTION,
      polling: { longPollTimeoutMs: 30_000 },
      leases: { ttlMs: 2_000, renewIntervalMs: 500 },
    };
  });

  afterAll(async () => {
    await sim?.close();
  });

  const peers = (databaseUrl = url, manualInitialization = false) => [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres' as const,
      url: databaseUrl,
      entities: WEIXIN_ENTITIES,
      migrations: WEIXIN_MIGRATIONS,
      migrationsRun: true,
      manualInitialization,
    }),
  ];

  const boot = async (weixin: DynamicModule) => {
    const ref = await Test.createTestingModule({ imports: [...peers(), weixin] }).compile();
    await ref.init();
    return ref;
  };

  const pollsThenCloses = async (weixin: DynamicModule): Promise<number> => {
    const ref = await boot(weixin);
    try {
      const polling = ref.get(PollingService);
      await waitFor(() => polling.isPolling(bot.botId), 'polling');
      await waitFor(
        async () => (await sim.control.pollers(bot.botId)).active === 1,
        'a long poll open',
      );
    } catch (err) {
      await ref.close();
      throw err;
    }
    const t0 = Date.now();
    await ref.close();
    const closeMs = Date.now() - t0;
    await waitFor(
      async () => (await sim.control.pollers(bot.botId)).active === 0,
      'long poll closed',
    );
    return closeMs;
  };

  it('allows Tencent hosts besides the configured extras (QR redirects to another IDC)', async () => {
    const ref = await Test.createTestingModule({
      imports: [
        ...peers(url, true),
        WeixinModule.forRoot({ ...base, baseUrl: 'https://ilinkai.weixin.qq.com' }),
      ],
    }).compile();
    const client = ref.get(IlinkClient);
    const aborted = AbortSignal.abort();
    const redirect = (host: string) =>
      client.getQrcodeStatus('qr', { redirectHost: host, signal: aborted }).catch((e) => e);
    // An allowed host gets as far as the (aborted) request; a foreign host is refused before it.
    expect(await redirect('sz.weixin.qq.com')).not.toBeInstanceOf(WeixinHostNotAllowedError);
    expect(await redirect('evil.example.com')).toBeInstanceOf(WeixinHostNotAllowedError);
    await ref.close();
  });

  it('forRoot(options) polls, and close() ends open 30 s long polls at once', async () => {
    const closeMs = await pollsThenCloses(WeixinModule.forRoot(base));
    expect(closeMs).toBeLessThan(2_000);
  });

  it('forRoot() with no argument reads the WEIXIN_* environment', async () => {
    const saved = { ...process.env };
    const envUrl = await createTestDatabase('module_env_e2e');
    // Called before the variables exist (as at decorator time): they are read at start-up.
    const weixin = WeixinModule.forRoot();
    Object.assign(process.env, {
      WEIXIN_ACCOUNT_ID: bot.botId,
      WEIXIN_BOT_TOKEN: bot.token,
      WEIXIN_BASE_URL: sim.baseUrl,
      WEIXIN_CDN_BASE_URL: sim.cdnBaseUrl,
      WEIXIN_ENCRYPTION_KEY: TEST_ENCRYPTION.keys.t1,
    });
    const ref = await Test.createTestingModule({
      imports: [...peers(envUrl), weixin],
    }).compile();
    try {
      expect(ref.get(IlinkClient)).toBeInstanceOf(IlinkClient);
      await ref.init();
      await waitFor(() => ref.get(PollingService).isPolling(bot.botId), 'env account polling');
    } finally {
      process.env = saved;
      await ref.close();
    }
  });

  it('forRootAsync with useFactory, useClass and useExisting', async () => {
    @Injectable()
    class OptionsFactory implements WeixinOptionsFactory {
      create(): WeixinModuleOptions {
        return base;
      }
    }
    @Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
    class OptionsModule {}

    await pollsThenCloses(WeixinModule.forRootAsync({ useFactory: async () => base }));
    await pollsThenCloses(WeixinModule.forRootAsync({ useClass: OptionsFactory }));
    await pollsThenCloses(
      WeixinModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
    );
  });

  it('refuses invalid options at start-up, naming each field and its fix', async () => {
    const bad = Test.createTestingModule({
      imports: [
        ...peers(url, true),
        WeixinModule.forRoot({
          ...base,
          encryption: undefined,
          polling: { longPollTimeoutMs: -5 },
          accounts: [{ id: '', token: 'x' }],
        }),
      ],
    }).compile();
    await expect(bad).rejects.toThrow(WeixinConfigError);
    await expect(bad).rejects.toThrow(/polling\.longPollTimeoutMs must be a positive integer/);
    await expect(bad).rejects.toThrow(/accounts\[0\]\.id is required/);
    await expect(bad).rejects.toThrow(/WEIXIN_ENCRYPTION_KEY/);
  });
});
