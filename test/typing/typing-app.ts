import type { INestApplicationContext, Type } from '@nestjs/common';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import type { WeixinModuleOptions } from 'nestjs-weixin';
import { startSimApp } from '../support/e2e-boot.js';

/** Boots an app like a user's against the simulator and a database, with short typing timings. */
export function bootTypingApp(
  sim: IlinkSimulator,
  bot: SimBot,
  databaseUrl: string,
  options: Partial<WeixinModuleOptions> = {},
  providers: Type[] = [],
): Promise<INestApplicationContext> {
  return startSimApp(sim, [bot], databaseUrl, providers, {
    typing: { keepAliveMs: 300 },
    ...options,
  });
}
