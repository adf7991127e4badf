import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Benchmark } from './benchmark.types.js';
import { withPostgresAndSimulator } from './support/bench-postgres.js';
import { HANDLED_TABLE_SQL } from '../test/fixtures/counting.handler.js';
import { startChildApp } from '../test/support/child-app.js';

const ACCOUNTS = 4;
const TTL_MS = 3_000;
const RENEW_MS = 1_000;
const MESSAGES_PER_ACCOUNT = 25;

/**
 * Two replicas (child processes) share a database: the first takes every lease, the second joins
 * and the first hands it half of them; then the first is killed with SIGKILL while messages keep
 * arriving. Measured: time from the kill until the survivor has polled
 * every orphaned account; bound: lease TTL + one renew interval. Checked: nothing lost or doubled.
 */
export const failoverBenchmark: Benchmark = {
  name: 'failover',
  description: `kill one of two replicas sharing ${ACCOUNTS} accounts: time until the survivor polls its accounts vs TTL + renew`,
  async run() {
    return withPostgresAndSimulator(
      { port: 0, longPollTimeoutMs: 1_000 },
      async (pgServer, sim) => {
        const url = await pgServer.database('bench_failover');
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        db.on('error', () => undefined); // the server stops at the end; errors surface on queries
        await db.query(HANDLED_TABLE_SQL);
        const bots = await Promise.all(
          Array.from({ length: ACCOUNTS }, () => sim.control.addBot()),
        );
        const env = (replica: string) => ({
          DATABASE_URL: url,
          SIM_BASE_URL: sim.baseUrl,
          SIM_CDN_BASE_URL: sim.cdnBaseUrl,
          ACCOUNTS: JSON.stringify(bots.map((b) => ({ id: b.botId, token: b.token }))),
          REPLICA_ID: replica,
          HANDLER_DELAY_MS: '30',
          LEASE_TTL_MS: String(TTL_MS),
          LEASE_RENEW_MS: String(RENEW_MS),
        });
        const first = startChildApp(env('first'));
        let second: ReturnType<typeof startChildApp> | undefined;
        try {
          await first.ready;
          const owners = async () =>
            (
              await db.query<{ owner: string }>(
                'SELECT owner FROM weixin_lease WHERE expires_at > now()',
              )
            ).rows.map((r) => r.owner);
          while ((await owners()).filter((o) => o === 'first').length < ACCOUNTS) await sleep(50);
          // The survivor starts once the first replica holds every lease; they split them fairly.
          second = startChildApp(env('second'));
          await second.ready;
          while ((await owners()).filter((o) => o === 'second').length < ACCOUNTS / 2)
            await sleep(50);
          const sent: string[] = [];
          const send = async (tag: string) => {
            for (let i = 0; i < MESSAGES_PER_ACCOUNT; i++) {
              for (const bot of bots) {
                sent.push(
                  (await sim.control.sendText(bot.botId, `u${i % 5}@im.wechat`, `${tag}${i}`))
                    .messageId,
                );
              }
            }
          };
          await send('before');
          await sleep(100);
          await first.kill('SIGKILL');
          const killedAt = Date.now();
          await send('after');
          const polledAgain = async (token: string) =>
            (await sim.control.calls('getupdates')).some(
              (c) => c.at > killedAt && c.headers.authorization === `Bearer ${token}`,
            );
          let takeoverMs = 0;
          for (;;) {
            const all = await Promise.all(bots.map((b) => polledAgain(b.token)));
            const byOwner = await owners();
            if (
              all.every(Boolean) &&
              byOwner.every((o) => o === 'second') &&
              byOwner.length === ACCOUNTS
            ) {
              takeoverMs = Date.now() - killedAt;
              break;
            }
            if (Date.now() - killedAt > 60_000)
              throw new Error('the survivor did not take over within 60 s');
            await sleep(20);
          }
          for (;;) {
            const { rows } = await db.query<{ n: string }>(
              'SELECT count(DISTINCT message_id) AS n FROM test_handled',
            );
            if (Number(rows[0]!.n) === sent.length) break;
            await sleep(100);
          }
          const { rows } = await db.query<{ n: string }>(
            'SELECT count(*) AS n FROM (SELECT message_id FROM test_handled GROUP BY message_id HAVING count(*) > 1) d',
          );
          const doubled = Number(rows[0]!.n);
          const bound = TTL_MS + RENEW_MS;
          return {
            value: takeoverMs,
            unit: 'ms to take over',
            baseline: bound,
            ratio: takeoverMs / bound,
            target: 'ratio ≤ 1, 0 lost, 0 twice',
            pass: takeoverMs <= bound && doubled === 0,
            notes: [
              `lease TTL ${TTL_MS} ms + renew ${RENEW_MS} ms; ${sent.length} messages (half after the kill): 0 lost, ${doubled} handled twice`,
            ],
          };
        } finally {
          await first.kill('SIGKILL');
          await second?.kill('SIGTERM');
          await db.end();
        }
      },
    );
  },
};
