import type { INestApplicationContext } from '@nestjs/common';
import { TypingService, WeixinAccountsService } from 'nestjs-weixin';
import {
  ManualClock,
  startSimulator,
  type IlinkSimulator,
  type SimBot,
  type SimTyping,
} from 'nestjs-weixin/testing';
import { createTestDatabase } from '../support/test-database.js';
import { settle } from './channel-clock.js';
import { bootTypingApp } from './typing-app.js';

/** How long the simulator shows one `sendtyping` status 1 without a keep-alive. */
const INDICATOR_MS = 20_000;
const JOB_MS = 120_000;
const STEP_MS = 250;

/** Milliseconds of [from, to) during which the simulator showed "typing…". */
function shownMs(events: SimTyping['events'], from: number, to: number): number {
  let total = 0;
  for (const [i, e] of events.entries()) {
    if (e.status !== 1) continue;
    const end = Math.min(events[i + 1]?.at ?? Infinity, e.at + INDICATOR_MS, to);
    total += Math.max(0, end - Math.max(e.at, from));
  }
  return total;
}

describe('iLink typing coverage on a manual clock', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let app: INestApplicationContext;
  let typing: TypingService;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

  beforeAll(async () => {
    sim = await startSimulator({ longPollTimeoutMs: 1_000, typingIndicatorMs: INDICATOR_MS });
    bot = await sim.control.addBot();
    const url = await createTestDatabase('typing_ilink_cover');
    // The module's default keep-alive (5 s), on the manual clock.
    app = await bootTypingApp(sim, bot, url, {
      polling: { enabled: false },
      typing: { clock },
    });
    await app.get(WeixinAccountsService).seedFromOptions();
    typing = app.get(TypingService);
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('shows the indicator for at least 95 % of a 120 s job, 0 refused, cancelled at the end', async () => {
    const user = 'coverage@im.wechat';
    const from = await sim.control.now();
    const lease = await typing.start(bot.botId, user, { durationMs: 300_000 });
    await settle(typing);
    // Both clocks move together: the app's timers and the simulator's indicator life.
    for (let elapsed = 0; elapsed < JOB_MS; elapsed += STEP_MS) {
      clock.advance(STEP_MS);
      await sim.control.advanceClock(STEP_MS);
      await settle(typing);
    }
    const to = await sim.control.now();
    await lease.stop();
    await settle(typing);
    const { events } = await sim.control.typing(bot.botId, user);
    const calls = (await sim.control.calls('sendtyping')).filter(
      (c) => (c.body as { ilink_user_id?: string }).ilink_user_id === user,
    );
    // The simulator records only the calls it accepted.
    expect(calls.length).toBe(events.length);
    expect(shownMs(events, from, to) / (to - from)).toBeGreaterThanOrEqual(0.95);
    expect(events.at(-1)?.status).toBe(2);
    expect(events.filter((e) => e.status === 2)).toHaveLength(1);
  });
});
