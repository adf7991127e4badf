import { Injectable } from '@nestjs/common';
import { startSimulator } from 'nestjs-weixin/testing';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { speedupResult } from './measure.js';
import { startBenchApp, sleep } from './support/bench-app.js';
import { startBenchPostgres, type BenchPostgres } from './support/bench-postgres.js';

const USERS = 500;
const HANDLER_MS = 100;
const TARGET = 25;

/** Records the order in which each user's messages were handled. */
const handledOrder = new Map<string, string[]>();

@Injectable()
class SlowHandler {
  @OnWeixinMessage()
  async onMessage(ctx: WeixinMessageContext): Promise<void> {
    await sleep(HANDLER_MS);
    const list = handledOrder.get(ctx.from) ?? [];
    list.push(ctx.text);
    handledOrder.set(ctx.from, list);
  }
}

/** Sends `perUser` numbered messages from each of `users` users and answers the ms to handle all. */
async function burst(
  pg: BenchPostgres,
  name: string,
  concurrency: number | undefined,
  users: number,
  perUser: number,
): Promise<number> {
  handledOrder.clear();
  const sim = await startSimulator({ port: 0, longPollTimeoutMs: 2_000 });
  const bot = await sim.control.addBot();
  const url = await pg.database(name);
  const bench = await startBenchApp(
    url,
    {
      baseUrl: sim.baseUrl,
      cdnBaseUrl: sim.cdnBaseUrl,
      allowedHosts: ['127.0.0.1'],
      accounts: [{ id: bot.botId, token: bot.token }],
      polling: { longPollTimeoutMs: 2_000 },
      dispatch: concurrency === undefined ? {} : { concurrency },
    },
    [SlowHandler],
  );
  try {
    while (!bench.polling.isPolling(bot.botId)) await sleep(10);
    const t0 = performance.now();
    for (let m = 0; m < perUser; m++) {
      for (let u = 0; u < users; u++)
        await sim.control.sendText(bot.botId, `u${u}@im.wechat`, `${m}`);
    }
    await bench.handled(users * perUser);
    return performance.now() - t0;
  } finally {
    await bench.close();
    await sim.close();
  }
}

function orderKept(users: number, perUser: number): boolean {
  for (let u = 0; u < users; u++) {
    const got = handledOrder.get(`u${u}@im.wechat`) ?? [];
    if (got.join(',') !== Array.from({ length: perUser }, (_, i) => `${i}`).join(',')) return false;
  }
  return true;
}

/**
 * 500 users × 1 message with a 100 ms handler: the library's default dispatch (users in
 * parallel, each user in order) against one-at-a-time processing (concurrency 1), same run.
 */
export const inboundBurstBenchmark: Benchmark = {
  name: 'inbound-burst',
  description: `${USERS} users × 1 message, ${HANDLER_MS} ms handler: default dispatch vs concurrency 1`,
  async run() {
    const pg = await startBenchPostgres();
    try {
      const ours = await burst(pg, 'bench_burst_default', undefined, USERS, 1);
      const serial = await burst(pg, 'bench_burst_serial', 1, USERS, 1);
      const ordered = await burst(pg, 'bench_burst_order', undefined, 50, 6);
      const kept = orderKept(50, 6);
      return speedupResult({
        ours,
        baseline: serial,
        unit: 'ms for the burst',
        against: 'baseline',
        target: TARGET,
        checked: kept,
        notes: (speedup) => [
          `speed-up ${speedup.toFixed(1)}× (default concurrency 32)`,
          `per-user order kept in a 50 users × 6 messages burst (${ordered.toFixed(0)} ms): ${kept ? 'yes' : 'NO'}`,
        ],
      });
    } finally {
      await pg.stop();
    }
  },
};
