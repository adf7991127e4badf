import { Test } from '@nestjs/testing';
import type { INestApplicationContext, Type } from '@nestjs/common';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import type { WeixinModuleOptions } from 'nestjs-weixin';
import { InboundAppModule } from '../fixtures/inbound-app.module.js';

/** Boots an app like a user's against the simulator and a database, with short typing timings. */
export async function bootTypingApp(
  sim: IlinkSimulator,
  bot: SimBot,
  databaseUrl: string,
  options: Partial<WeixinModuleOptions> = {},
  providers: Type[] = [],
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      InboundAppModule.register(
        databaseUrl,
        {
          baseUrl: sim.baseUrl,
          cdnBaseUrl: sim.cdnBaseUrl,
          allowedHosts: ['127.0.0.1'],
          accounts: [{ id: bot.botId, token: bot.token }],
          polling: { longPollTimeoutMs: 1_000, retryDelayMs: 50 },
          leases: { ttlMs: 3_000, renewIntervalMs: 1_000 },
          typing: { keepAliveMs: 300 },
          ...options,
        },
        providers,
      ),
    ],
  }).compile();
  const app = moduleRef;
  await app.init();
  return app;
}
