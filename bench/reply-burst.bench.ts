import { setTimeout as sleep } from 'node:timers/promises';
import { type SimBot } from 'nestjs-weixin/testing';
import type { Benchmark } from './benchmark.types.js';
import { median, speedupResult, warmedRounds } from './measure.js';
import { startHeadToHead } from './support/head-to-head.js';
import { SLOW_ECHO_MS, SlowEchoHandler } from './support/slow-echo.handler.js';

const USERS = 200;
/** Timed rounds; each runs both sides once, alternating which goes first. */
const ROUNDS = 3;
const TARGET = 1;

/**
 * 200 users send one message each, the handler takes 100 ms and replies: time from the first
 * injection to the last reply received by the simulator (a third process). Ours (this process,
 * default dispatch) against Tencent's official client (its own process, its monitor's sequential
 * loop). Median of alternating rounds.
 */
export const replyBurstBenchmark: Benchmark = {
  name: 'reply-burst',
  description: `${USERS} users × 1 message, ${SLOW_ECHO_MS} ms handler, time to the last reply vs the official client`,
  async run() {
    const h = await startHeadToHead('bench_reply_burst', { longPollTimeoutMs: 35_000 }, [
      SlowEchoHandler,
    ]);
    const { control, ourBot, officialBot } = h;
    try {
      await h.startBothReplying(SLOW_ECHO_MS, 35_000);
      /** One burst on `bot`: answers ms from the first injection to the last reply received. */
      const burst = async (bot: SimBot, tag: string): Promise<number> => {
        const users = Array.from({ length: USERS }, (_, u) => `${tag}u${u}@im.wechat`);
        const t0 = Date.now();
        for (const user of users) await control.sendText(bot.botId, user, tag);
        const wanted = new Set(users);
        for (;;) {
          const replies = (await control.sent(bot.botId)).filter(
            (s) => s.accepted && wanted.has(s.toUserId),
          );
          if (replies.length >= USERS) return Math.max(...replies.map((s) => s.at)) - t0;
          await sleep(250);
        }
      };
      const [ours, official] = await warmedRounds(
        ROUNDS,
        (tag) => burst(ourBot, tag),
        (tag) => burst(officialBot, tag),
      );
      return speedupResult({
        ours: median(ours),
        baseline: median(official),
        unit: 'ms to last reply',
        against: 'official',
        target: TARGET,
        notes: (speedup) => [
          `${USERS} users × 1 message, ${SLOW_ECHO_MS} ms handler replying once; ours ` +
            `${speedup.toFixed(1)}× faster; median of ${ROUNDS} alternating rounds (ours ` +
            `${ours.join(', ')} ms; official ${official.join(', ')} ms)`,
        ],
      });
    } finally {
      await h.close();
    }
  },
};
