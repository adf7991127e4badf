import 'reflect-metadata';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { PollingService, WeixinEvents, type WeixinModuleOptions } from 'nestjs-weixin';
import { InboundAppModule } from '../../test/fixtures/inbound-app.module.js';

/** A running app of the benchmarks, with a counter of handled messages. */
export interface BenchApp {
  app: INestApplicationContext;
  polling: PollingService;
  /** Resolves when `n` messages have been handled (acknowledged) since the app started. */
  handled(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Boots the library in a Nest application context, as a user's app would. */
export async function startBenchApp(
  databaseUrl: string,
  options: WeixinModuleOptions,
  handlers: Type[],
): Promise<BenchApp> {
  const app = await NestFactory.createApplicationContext(
    InboundAppModule.register(databaseUrl, options, handlers),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  let count = 0;
  const waiters: { n: number; resolve(): void }[] = [];
  app.get(EventEmitter2).on(WeixinEvents.MessageHandled, () => {
    count += 1;
    for (const w of [...waiters]) {
      if (count >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  return {
    app,
    polling: app.get(PollingService),
    handled: (n) =>
      count >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    close: () => app.close(),
  };
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
