import { setTimeout as sleep } from 'node:timers/promises';
import { SimulatorControlClient } from 'nestjs-weixin/testing';
import { WeixinAccountsService } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { startBenchApp } from './support/bench-app.js';
import { startBenchPostgres } from './support/bench-postgres.js';
import { startSimulatorProcess } from './support/simulator-process.js';

const ACCOUNTS = 1_000;
const RSS_TARGET_MIB = 100;
const CPU_TARGET_PERCENT = 5;
const CPU_WINDOW_MS = 10_000;
const MIB = 1024 * 1024;

/** RSS after the event loop has been idle a moment. */
async function settledRss(): Promise<number> {
  await sleep(1_000);
  return process.memoryUsage().rss;
}

/**
 * 1,000 accounts long-polling an idle simulator (another process) from one app: RSS above the
 * same app with no account, and CPU used while every poll is open (lease renewals included).
 */
export const idleAccountsBenchmark: Benchmark = {
  name: 'idle-accounts',
  description: `${ACCOUNTS} accounts long-polling, idle: RSS above the empty app, CPU of one core`,
  async run() {
    const pg = await startBenchPostgres();
    const sim = await startSimulatorProcess();
    try {
      const control = new SimulatorControlClient(sim.baseUrl);
      const bots = [];
      for (let i = 0; i < ACCOUNTS; i++) bots.push(await control.addBot());
      const bench = await startBenchApp(
        await pg.database('bench_idle_accounts'),
        {
          baseUrl: sim.baseUrl,
          cdnBaseUrl: sim.cdnBaseUrl,
          allowedHosts: ['127.0.0.1'],
          polling: { longPollTimeoutMs: 35_000 },
        },
        [],
      );
      try {
        const empty = await settledRss();
        const accounts = bench.app.get(WeixinAccountsService);
        for (const bot of bots) await accounts.add({ id: bot.botId, token: bot.token });
        await bench.polling.refresh();
        for (;;) {
          const open = await Promise.all(bots.slice(0, 20).map((b) => control.pollers(b.botId)));
          if (
            bench.polling.ownedAccounts().length === ACCOUNTS &&
            open.every((p) => p.active === 1)
          )
            break;
          await sleep(200);
        }
        const loaded = await settledRss();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await sleep(CPU_WINDOW_MS);
        const used = process.cpuUsage(cpu0);
        const wallMs = performance.now() - t0;
        const cpuPercent = ((used.user + used.system) / 1000 / wallMs) * 100;
        const growthMib = (loaded - empty) / MIB;
        return {
          value: growthMib,
          unit: 'MiB RSS',
          baseline: empty / MIB,
          ratio: growthMib / (empty / MIB),
          target: `≤ ${RSS_TARGET_MIB} MiB and ≤ ${CPU_TARGET_PERCENT}% CPU`,
          pass: growthMib <= RSS_TARGET_MIB && cpuPercent <= CPU_TARGET_PERCENT,
          notes: [
            `RSS: empty app ${(empty / MIB).toFixed(0)} MiB, with ${ACCOUNTS} polling accounts ${(loaded / MIB).toFixed(0)} MiB`,
            `CPU while idle: ${cpuPercent.toFixed(2)}% of one core over ${(wallMs / 1000).toFixed(0)} s`,
          ],
        };
      } finally {
        await bench.close();
      }
    } finally {
      await sim.stop();
      await pg.stop();
    }
  },
};
