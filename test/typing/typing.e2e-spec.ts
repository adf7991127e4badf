import { EventEmitter2 } from '@nestjs/event-emitter';
import type { SimTyping } from 'nestjs-weixin/testing';
import { WeixinEvents } from 'nestjs-weixin';
import { sleep, waitFor } from '../support/wait-for.js';
import { useTypingApp } from './typing-app.js';

describe('TypingService against the simulator', () => {
  const t = useTypingApp('typing_e2e', { options: () => ({ polling: { enabled: false } }) });
  let n = 0;

  /** A fresh user per test, so simulator counts start at zero. */
  const newUser = (): string => `typist${++n}@im.wechat`;
  const seen = (user: string): Promise<SimTyping> => t.sim.control.typing(t.bot.botId, user);
  const statuses = async (user: string): Promise<number[]> =>
    (await seen(user)).events.map((e) => e.status);
  const lastIs2 = async (user: string): Promise<boolean> => (await statuses(user)).at(-1) === 2;
  /** The bot's next `times` (default 1) calls of `endpoint` are refused (`ret` -2). */
  const rejectNext = (endpoint: 'sendtyping' | 'getconfig', times?: number): Promise<void> =>
    t.sim.control.fault({ endpoint, kind: 'rejected', botId: t.bot.botId, times });

  it('sends status 1, keeps it alive at the configured interval and cancels on stop', async () => {
    const user = newUser();
    const lease = await t.typing.start(t.bot.botId, user);
    await waitFor(() => t.typing.isTyping(t.bot.botId, user), 'typing shown');
    await sleep(1_700);
    await lease.stop();
    const { events, getconfigCalls } = await seen(user);
    expect(getconfigCalls).toBe(1);
    const shows = events.filter((e) => e.status === 1);
    expect(events.at(-1)?.status).toBe(2);
    expect(events.filter((e) => e.status === 2)).toHaveLength(1);
    // ~1.7 s at 300 ms: generous bounds, this is not a speed test
    expect(shows.length).toBeGreaterThanOrEqual(3);
    expect(shows.length).toBeLessThanOrEqual(8);
    // Gaps are read on the simulator's clock: one late request shortens the next gap, so the
    // floor applies to their mean, the ceiling (a keep-alive never skipped) to each.
    const gaps = shows.slice(1).map((s, i) => s.at - shows[i]!.at);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThanOrEqual(150);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(1_500);
    expect(t.typing.isTyping(t.bot.botId, user)).toBe(false);
    expect(t.typing.stats()).toMatchObject({ leases: 0, timers: 0 });
  });

  it('withTyping cancels after the function succeeds', async () => {
    const user = newUser();
    const result = await t.typing.withTyping(t.bot.botId, user, async () => {
      await waitFor(async () => (await statuses(user)).includes(1), 'status 1');
      return 42;
    });
    expect(result).toBe(42);
    await waitFor(() => lastIs2(user), 'status 2 after success');
    expect(await statuses(user)).toEqual([1, 2]);
  });

  it('withTyping cancels after the function throws, and rethrows its error', async () => {
    const user = newUser();
    const boom = new Error('model timed out');
    await expect(
      t.typing.withTyping(t.bot.botId, user, async () => {
        await waitFor(async () => (await statuses(user)).includes(1), 'status 1');
        throw boom;
      }),
    ).rejects.toBe(boom);
    await waitFor(() => lastIs2(user), 'status 2 after error');
    expect(await statuses(user)).toEqual([1, 2]);
  });

  it('sends nothing at all for a function faster than the grace delay', async () => {
    const user = newUser();
    await t.typing.withTyping(t.bot.botId, user, () => sleep(50), { graceMs: 600 });
    await sleep(900);
    expect(await seen(user)).toEqual({ status: 'idle', events: [], getconfigCalls: 0 });
  });

  it('shows after the grace delay when the function is slower', async () => {
    const user = newUser();
    const started = Date.now();
    await t.typing.withTyping(
      t.bot.botId,
      user,
      () => waitFor(async () => (await statuses(user)).includes(1), 'status 1'),
      { graceMs: 400 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    await waitFor(() => lastIs2(user), 'status 2');
  });

  it('starting twice sends status 1 once; the cancel follows the last stop', async () => {
    const user = newUser();
    const [a, b] = await Promise.all([
      t.typing.start(t.bot.botId, user),
      t.typing.start(t.bot.botId, user),
    ]);
    await waitFor(async () => (await statuses(user)).includes(1), 'status 1');
    expect(t.typing.state(t.bot.botId, user)).toMatchObject({ leases: 2, phase: 'typing' });
    await a.stop();
    expect(await statuses(user)).toEqual([1]);
    await b.stop();
    expect(await statuses(user)).toEqual([1, 2]);
  });

  it('fetches a rejected ticket again, once, and the indicator still shows', async () => {
    const user = newUser();
    await (await t.typing.start(t.bot.botId, user)).stop();
    expect((await seen(user)).getconfigCalls).toBe(1);
    await rejectNext('sendtyping');
    const lease = await t.typing.start(t.bot.botId, user);
    await waitFor(() => t.typing.state(t.bot.botId, user).lastSentAt, 'typing attempted');
    await waitFor(async () => (await statuses(user)).length === 3, 'status 1 with a new ticket');
    await lease.stop();
    const { events, getconfigCalls } = await seen(user);
    expect(getconfigCalls).toBe(2);
    expect(events.map((e) => e.status)).toEqual([1, 2, 1, 2]);
    expect(events[2]!.ticket).not.toBe(events[0]!.ticket);
    expect(events[3]!.ticket).toBe(events[2]!.ticket);
  });

  it('skips typing with back-off while getconfig fails', async () => {
    const user = newUser();
    await rejectNext('getconfig');
    await (await t.typing.start(t.bot.botId, user)).stop();
    const first = t.typing.state(t.bot.botId, user).ticket;
    expect(first.failures).toBe(1);
    expect(first.retryAt!.getTime() - Date.now()).toBeGreaterThan(1_000);
    await (await t.typing.start(t.bot.botId, user)).stop();
    expect(t.typing.state(t.bot.botId, user).ticket.failures).toBe(1);
    expect(await seen(user)).toMatchObject({ events: [], getconfigCalls: 0 });
  });

  it('backs off longer and longer while sendtyping keeps refusing new tickets', async () => {
    const user = newUser();
    await rejectNext('sendtyping', 50);
    const lease = await t.typing.start(t.bot.botId, user);
    try {
      await waitFor(
        () => t.typing.state(t.bot.botId, user).ticket.failures >= 3,
        'three failures in a row',
        30_000,
      );
    } finally {
      await lease.stop();
      await t.sim.control.clearFaults();
    }
    const fetches = (await t.sim.control.calls('getconfig'))
      .filter((c) => (c.body as { ilink_user_id?: string }).ilink_user_id === user)
      .map((c) => c.at);
    // first ticket + its one replacement, then one probe per back-off period
    expect(fetches).toHaveLength(4);
    expect((await seen(user)).getconfigCalls).toBe(4);
    const gaps = fetches.slice(1).map((at, i) => at - fetches[i]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
  });

  it('a reply cancels the indicator; a held lease resumes it at the next keep-alive', async () => {
    const user = newUser();
    const lease = await t.typing.start(t.bot.botId, user);
    await waitFor(async () => (await statuses(user)).includes(1), 'status 1');
    t.app.get(EventEmitter2).emit(WeixinEvents.DeliveryAccepted, {
      accountId: t.bot.botId,
      userId: user,
      state: 'accepted',
    });
    await waitFor(() => lastIs2(user), 'cancel after the reply');
    await waitFor(async () => (await statuses(user)).at(-1) === 1, 'keep-alive resumed');
    await lease.stop();
    const all = await statuses(user);
    expect(all.at(-1)).toBe(2);
    expect(all.filter((s) => s === 2)).toHaveLength(2);
  });

  it('ends a lease after its maximum duration', async () => {
    const user = newUser();
    const lease = await t.typing.start(t.bot.botId, user, { durationMs: 500 });
    await waitFor(() => lastIs2(user), 'cancel at the maximum duration');
    expect(lease.active).toBe(false);
    expect(t.typing.isTyping(t.bot.botId, user)).toBe(false);
  });

  it('rejects invalid lease options with a named field', async () => {
    await expect(t.typing.start(t.bot.botId, newUser(), { durationMs: -1 })).rejects.toThrow(
      /durationMs/,
    );
  });
});
