import { IlinkClient } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { startBenchApp } from './support/bench-app.js';
import { withPostgresAndSimulator } from './support/bench-postgres.js';
import { NoopHandler } from './support/noop.handler.js';

const ACCOUNTS = 4;
const USERS_PER_ACCOUNT = 100;
const MESSAGES = 20_000;
const TARGET_PER_SECOND = 5_000;

/**
 * The inbound pipeline with a no-op handler on real Postgres: `getupdates` → one transaction per
 * batch (inbox rows, context tokens, cursor) → dispatch → done mark, for a backlog of 20,000
 * messages on 4 accounts. Baseline: plain `IlinkClient.getUpdates` loops draining the same backlog
 * from the same simulator without storing anything (the feed's own ceiling).
 */
export const inboundPipelineBenchmark: Benchmark = {
  name: 'inbound-pipeline',
  description: `${MESSAGES} messages, no-op handler, persisted + dispatched + acknowledged vs raw getupdates drain`,
  async run() {
    return withPostgresAndSimulator({ port: 0, longPollTimeoutMs: 2_000 }, async (pg, sim) => {
      const inject = async (bots: { botId: string }[]) => {
        for (let i = 0; i < MESSAGES; i++) {
          const bot = bots[i % ACCOUNTS]!;
          await sim.control.sendText(bot.botId, `u${i % USERS_PER_ACCOUNT}@im.wechat`, `m${i}`);
        }
      };

      // Baseline: drain the backlog with raw long polls, nothing stored.
      const rawBots = await Promise.all(
        Array.from({ length: ACCOUNTS }, () => sim.control.addBot()),
      );
      await inject(rawBots);
      const client = new IlinkClient({ baseUrl: sim.baseUrl, allowedHosts: ['127.0.0.1'] });
      const r0 = performance.now();
      await Promise.all(
        rawBots.map(async (bot) => {
          let cursor = '';
          let got = 0;
          while (got < MESSAGES / ACCOUNTS) {
            const res = await client.getUpdates(
              { accountId: bot.botId, token: bot.token },
              cursor,
              {
                timeoutMs: 5_000,
              },
            );
            got += res.msgs?.length ?? 0;
            cursor = res.get_updates_buf || cursor;
          }
        }),
      );
      const rawMs = performance.now() - r0;
      await client.close();

      // Ours: the same backlog through the whole pipeline.
      const bots = await Promise.all(Array.from({ length: ACCOUNTS }, () => sim.control.addBot()));
      await inject(bots);
      const url = await pg.database('bench_pipeline');
      const bench = await startBenchApp(
        url,
        {
          baseUrl: sim.baseUrl,
          cdnBaseUrl: sim.cdnBaseUrl,
          allowedHosts: ['127.0.0.1'],
          accounts: bots.map((b) => ({ id: b.botId, token: b.token })),
          polling: { longPollTimeoutMs: 2_000, autoStart: false },
        },
        [NoopHandler],
      );
      try {
        const t0 = performance.now();
        await bench.polling.start();
        await bench.handled(MESSAGES);
        const ms = performance.now() - t0;
        const perSecond = MESSAGES / (ms / 1000);
        const rawPerSecond = MESSAGES / (rawMs / 1000);
        return {
          value: perSecond,
          unit: 'messages/s',
          baseline: rawPerSecond,
          ratio: perSecond / rawPerSecond,
          target: `≥ ${TARGET_PER_SECOND} messages/s`,
          pass: perSecond >= TARGET_PER_SECOND,
          notes: [
            `${MESSAGES} messages on ${ACCOUNTS} accounts × ${USERS_PER_ACCOUNT} users in ${ms.toFixed(0)} ms ` +
              `(raw drain without storing: ${rawMs.toFixed(0)} ms)`,
          ],
        };
      } finally {
        await bench.close();
      }
    });
  },
};
