import { setTimeout as sleep } from 'node:timers/promises';
import type { Type } from '@nestjs/common';
import { SimulatorControlClient, type SimBot } from 'nestjs-weixin/testing';
import type { WeixinModuleOptions } from 'nestjs-weixin';
import { startOfficialPeer, type OfficialPeer } from '../peers/official/official-peer.driver.js';
import type { OfficialLoopOptions } from '../peers/official/official-peer.types.js';
import { startBenchApp, type BenchApp } from './bench-app.js';
import { startBenchPostgres, type BenchPostgres } from './bench-postgres.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.js';

/** Our app and the official client side by side, each with its own bot on one simulator. */
export interface HeadToHead {
  pg: BenchPostgres;
  sim: SimulatorProcess;
  control: SimulatorControlClient;
  peer: OfficialPeer;
  ourBot: SimBot;
  officialBot: SimBot;
  bench: BenchApp;
  /** Starts the official client's loop on its bot against the simulator. */
  startPeer(o: Omit<OfficialLoopOptions, 'baseUrl' | 'accounts'>): Promise<void>;
  /**
   * Waits until our app polls, starts the official client replying after `handlerDelayMs`, and
   * waits until it polls too.
   */
  startBothReplying(handlerDelayMs: number, longPollTimeoutMs: number): Promise<void>;
  /** Stops the official loops and closes the app, the peer, the simulator and Postgres. */
  close(): Promise<void>;
}

/**
 * Starts Postgres, the simulator and the official peer in processes of their own, then our app
 * (database `database`, `polling` options, `handlers`) polling one bot; the peer gets the other.
 */
export async function startHeadToHead(
  database: string,
  polling: WeixinModuleOptions['polling'],
  handlers: Type[],
): Promise<HeadToHead> {
  const pg = await startBenchPostgres();
  const sim = await startSimulatorProcess();
  const control = new SimulatorControlClient(sim.baseUrl);
  const peer = await startOfficialPeer();
  const stopProcesses = async (): Promise<void> => {
    await peer.close();
    await sim.stop();
    await pg.stop();
  };
  try {
    const ourBot = await control.addBot();
    const officialBot = await control.addBot();
    const bench = await startBenchApp(
      await pg.database(database),
      {
        baseUrl: sim.baseUrl,
        cdnBaseUrl: sim.cdnBaseUrl,
        allowedHosts: ['127.0.0.1'],
        accounts: [{ id: ourBot.botId, token: ourBot.token }],
        polling,
      },
      handlers,
    );
    const startPeer: HeadToHead['startPeer'] = (o) =>
      peer.start({
        baseUrl: sim.baseUrl,
        accounts: [{ id: officialBot.botId, token: officialBot.token }],
        ...o,
      });
    return {
      pg,
      sim,
      control,
      peer,
      ourBot,
      officialBot,
      bench,
      startPeer,
      async startBothReplying(handlerDelayMs, longPollTimeoutMs) {
        while (!bench.polling.isPolling(ourBot.botId)) await sleep(20);
        await startPeer({ handlerDelayMs, reply: true, longPollTimeoutMs });
        while ((await control.pollers(officialBot.botId)).active < 1) await sleep(20);
      },
      async close() {
        try {
          await peer.stop();
          await bench.close();
        } finally {
          await stopProcesses();
        }
      },
    };
  } catch (err) {
    await stopProcesses();
    throw err;
  }
}
