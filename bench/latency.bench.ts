import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark } from './benchmark.types.js';
import { DataSource } from 'typeorm';
import { startHeadToHead } from './support/head-to-head.js';
import { commitRoundTripMs } from './support/storage-floors.js';
import { SLOW_ECHO_MS, SlowEchoHandler } from './support/slow-echo.handler.js';

const HANDLER_MS = SLOW_ECHO_MS;
/** One message per second to each side, the sides alternating every half second. */
const INTERVAL_MS = 500;
/** Untimed first messages of each side. */
const WARMUP = 5;
/** Timed messages per side: 100, so p99 is the second-slowest one rather than the slowest. */
const SAMPLES = 100;
const LONG_POLL_MS = 35_000;
/** Durable commits timed after the messages, each after as long an idle as between messages. */
const FLOOR_COMMITS = 40;

/** The `p`-quantile (0..1) of `values`, by linear interpolation between the nearest ranks. */
function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/**
 * Light load: 1 message/s per side, a 100 ms handler that replies; latency from the injection
 * into the simulator (a third process) to the reply's arrival there (the simulator's receive
 * time). Ours (this process, Postgres inbox and send ledger) against Tencent's official client
 * (its own process, its monitor's loop: getUpdates → handler → sendMessageWeixin). The sides
 * alternate message by message, half a second apart, so both see the same machine.
 */
export const latencyBenchmark: Benchmark = {
  name: 'latency',
  description: `1 message/s, ${HANDLER_MS} ms handler, inject → reply received: p50 and p99 vs the official client`,
  async run() {
    const h = await startHeadToHead('bench_latency', { longPollTimeoutMs: LONG_POLL_MS }, [
      SlowEchoHandler,
    ]);
    const { control, ourBot, officialBot } = h;
    try {
      await h.startBothReplying(HANDLER_MS, LONG_POLL_MS);
      const injected: { botId: string; user: string; at: number; timed: boolean }[] = [];
      const total = 2 * (WARMUP + SAMPLES);
      const start = Date.now();
      for (let k = 0; k < total; k++) {
        const pair = k >> 1;
        // Each pair sends to both sides; which goes first alternates pair by pair.
        const oursNow = (k % 2 === 0) === (pair % 2 === 0);
        const bot = oursNow ? ourBot : officialBot;
        const wait = start + k * INTERVAL_MS - Date.now();
        if (wait > 0) await sleep(wait);
        const user = `lat${k}@im.wechat`;
        const at = Date.now();
        await control.sendText(bot.botId, user, `m${k}`);
        injected.push({ botId: bot.botId, user, at, timed: pair >= WARMUP });
      }
      await sleep(2_000);
      const replies = new Map<string, number>();
      for (const bot of [ourBot, officialBot]) {
        for (const sent of await control.sent(bot.botId)) {
          if (sent.accepted && !replies.has(sent.toUserId)) replies.set(sent.toUserId, sent.at);
        }
      }
      const latencies = (botId: string) =>
        injected
          .filter((m) => m.timed && m.botId === botId)
          .map((m) => {
            const at = replies.get(m.user);
            if (at === undefined) throw new Error(`no reply to ${m.user}`);
            return at - m.at;
          });
      const ours = latencies(ourBot.botId);
      const official = latencies(officialBot.botId);
      const figures = (values: number[]) => ({
        p50: quantile(values, 0.5),
        p99: quantile(values, 0.99),
        max: Math.max(...values),
      });
      const o = figures(ours);
      const b = figures(official);
      const commitMs = await commitRoundTripMs(
        h.bench.app.get(DataSource),
        FLOOR_COMMITS,
        INTERVAL_MS,
      );
      return {
        value: o.p50,
        unit: 'ms p50',
        baseline: b.p50,
        ratio: o.p50 / b.p50,
        target: 'p50 and p99 ≤ official',
        pass: o.p50 <= b.p50 && o.p99 <= b.p99,
        notes: [
          `p99: ours ${o.p99.toFixed(0)} ms, official ${b.p99.toFixed(0)} ms ` +
            `(${(o.p99 / b.p99).toFixed(2)}×); max ${o.max} vs ${b.max} ms`,
          `${SAMPLES} timed messages per side after ${WARMUP} untimed, 1/s per side, sides ` +
            `alternating every ${INTERVAL_MS} ms; ${HANDLER_MS} ms handler replying once; ` +
            'inject → reply received, on the simulator process clock',
          `floor: one durable commit from this process, ${INTERVAL_MS} ms after the last ` +
            `(a one-row INSERT, as idle as between messages) takes ${commitMs.toFixed(2)} ms ` +
            `(median of ${FLOOR_COMMITS}); the guarantees put two on each message's path (the ` +
            `batch before it is acknowledged, the reply's claim before sendmessage), ` +
            `${(2 * commitMs).toFixed(1)} ms the official client does not spend; ours − official ` +
            `at p50: ${(o.p50 - b.p50).toFixed(1)} ms`,
        ],
      };
    } finally {
      await h.close();
    }
  },
};
