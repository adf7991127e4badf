import { ManualClock, type SimTyping } from 'nestjs-weixin/testing';
import { settle } from './channel-clock.js';
import { useTypingApp } from './typing-app.js';

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
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  // The module's default keep-alive (5 s), on the manual clock.
  const t = useTypingApp('typing_ilink_cover', {
    simulator: { longPollTimeoutMs: 1_000, typingIndicatorMs: INDICATOR_MS },
    options: () => ({ polling: { enabled: false }, typing: { clock } }),
  });

  it('shows the indicator for at least 95 % of a 120 s job, 0 refused, cancelled at the end', async () => {
    const user = 'coverage@im.wechat';
    const from = await t.sim.control.now();
    const lease = await t.typing.start(t.bot.botId, user, { durationMs: 300_000 });
    await settle(t.typing);
    // Both clocks move together: the app's timers and the simulator's indicator life.
    for (let elapsed = 0; elapsed < JOB_MS; elapsed += STEP_MS) {
      clock.advance(STEP_MS);
      await t.sim.control.advanceClock(STEP_MS);
      await settle(t.typing);
    }
    const to = await t.sim.control.now();
    await lease.stop();
    await settle(t.typing);
    const { events } = await t.sim.control.typing(t.bot.botId, user);
    const calls = (await t.sim.control.calls('sendtyping')).filter(
      (c) => (c.body as { ilink_user_id?: string }).ilink_user_id === user,
    );
    // The simulator records only the calls it accepted.
    expect(calls.length).toBe(events.length);
    expect(shownMs(events, from, to) / (to - from)).toBeGreaterThanOrEqual(0.95);
    expect(events.at(-1)?.status).toBe(2);
    expect(events.filter((e) => e.status === 2)).toHaveLength(1);
  });
});
