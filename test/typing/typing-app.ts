import type { INestApplicationContext, Type } from '@nestjs/common';
import {
  startSimulator,
  type IlinkSimulator,
  type SimBot,
  type SimulatorOptions,
} from 'nestjs-weixin/testing';
import { TypingService, WeixinAccountsService, type WeixinModuleOptions } from 'nestjs-weixin';
import { startSimApp } from '../support/e2e-boot.js';
import { createTestDatabase } from '../support/test-database.js';
import { useHooked } from '../support/use-hooked.js';

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

/** `bootTypingApp`, then the configured accounts seeded, so typing can be started at once. */
export async function bootSeededTypingApp(
  ...args: Parameters<typeof bootTypingApp>
): Promise<INestApplicationContext> {
  const app = await bootTypingApp(...args);
  await app.get(WeixinAccountsService).seedFromOptions();
  return app;
}

/** What a typing suite runs against: the simulator, its one bot, and a seeded app on both. */
export interface TypingWorld {
  sim: IlinkSimulator;
  bot: SimBot;
  app: INestApplicationContext;
  typing: TypingService;
  /** Closes the app, then the simulator. */
  close(): Promise<void>;
}

/** Settings of `useTypingApp`. */
export interface TypingWorldOptions {
  /** The simulator's options (default: a 1 s long-poll hold). */
  simulator?: SimulatorOptions;
  /** Runs on the started simulator before the app boots (to register fakes' apps). */
  prepare?(sim: IlinkSimulator): void;
  /** The app's module options, given the simulator (see `bootTypingApp`). */
  options?(sim: IlinkSimulator): Partial<WeixinModuleOptions>;
  /** Providers (handlers) of the app. */
  providers?: Type[];
}

/** Starts the simulator with one bot, creates database `name` and boots a seeded typing app. */
export async function bootTypingWorld(
  name: string,
  o: TypingWorldOptions = {},
): Promise<TypingWorld> {
  const sim = await startSimulator(o.simulator ?? { longPollTimeoutMs: 1_000 });
  o.prepare?.(sim);
  const bot = await sim.control.addBot();
  const url = await createTestDatabase(name);
  const app = await bootSeededTypingApp(sim, bot, url, o.options?.(sim), o.providers);
  return {
    sim,
    bot,
    app,
    typing: app.get(TypingService),
    async close() {
      await app.close();
      await sim.close();
    },
  };
}

/**
 * `bootTypingWorld` in the suite's `beforeAll` and its `close()` in `afterAll`; answers the world,
 * whose fields are set once `beforeAll` has run.
 */
export function useTypingApp(name: string, o: TypingWorldOptions = {}): TypingWorld {
  return useHooked(() => bootTypingWorld(name, o));
}
