import { Injectable } from '@nestjs/common';
import {
  startSimulator,
  type IlinkSimulator,
  type SimBot,
  type SimTyping,
} from 'nestjs-weixin/testing';
import {
  OnWeixinMessage,
  PollingService,
  WeixinAccountsService,
  type WeixinMessageContext,
} from 'nestjs-weixin';
import { TypingService } from 'nestjs-weixin';
import { createTestDatabase } from '../support/test-database.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { bootSeededTypingApp, bootTypingApp } from './typing-app.js';

@Injectable()
class SlowHandlers {
  @OnWeixinMessage({ text: /^think/, typing: true })
  async think(ctx: WeixinMessageContext): Promise<string> {
    await sleep(1_000);
    return `thought about ${ctx.text}`;
  }

  @OnWeixinMessage({ text: /^quick/ })
  quick(): string {
    return 'quick answer';
  }
}

describe('typing across the app lifecycle', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let url: string;
  const seen = (user: string): Promise<SimTyping> => sim.control.typing(bot.botId, user);
  const statuses = async (user: string): Promise<number[]> =>
    (await seen(user)).events.map((e) => e.status);

  beforeAll(async () => {
    sim = await startSimulator({ longPollTimeoutMs: 1_000 });
    bot = await sim.control.addBot();
    url = await createTestDatabase('typing_lifecycle_e2e');
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('cancels every indicator on app.close() and leaves no timer', async () => {
    const app = await bootSeededTypingApp(sim, bot, url, { polling: { enabled: false } });
    const typing = app.get(TypingService);
    const users = ['closing1@im.wechat', 'closing2@im.wechat'];
    const leases = await Promise.all(users.map((u) => typing.start(bot.botId, u)));
    for (const u of users) await waitFor(() => typing.isTyping(bot.botId, u), `typing ${u}`);
    await app.close();
    for (const u of users) expect((await statuses(u)).at(-1)).toBe(2);
    expect(leases.every((l) => !l.active)).toBe(true);
    expect(typing.stats()).toEqual({ indicators: 0, leases: 0, timers: 0, pendingCalls: 0 });
    const late = await typing.start(bot.botId, users[0]!);
    expect(late.active).toBe(false);
    expect(typing.stats().timers).toBe(0);
  });

  it('calls getconfig at most once per user per ticket lifetime, across a restart', async () => {
    const user = 'restart@im.wechat';
    for (let run = 0; run < 2; run++) {
      const app = await bootSeededTypingApp(sim, bot, url, { polling: { enabled: false } });
      const typing = app.get(TypingService);
      for (let i = 0; i < 3; i++) await (await typing.start(bot.botId, user)).stop();
      await app.close();
    }
    const { events, getconfigCalls } = await seen(user);
    expect(getconfigCalls).toBe(1);
    expect(events.map((e) => e.status)).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(new Set(events.map((e) => e.ticket)).size).toBe(1);
  });

  it('fetches a new ticket after the configured lifetime', async () => {
    const user = 'shortlived@im.wechat';
    const app = await bootTypingApp(sim, bot, url, {
      polling: { enabled: false },
      typing: { keepAliveMs: 300, ticketTtlMs: 800 },
    });
    try {
      await app.get(WeixinAccountsService).seedFromOptions();
      const typing = app.get(TypingService);
      await (await typing.start(bot.botId, user)).stop();
      await (await typing.start(bot.botId, user)).stop();
      expect((await seen(user)).getconfigCalls).toBe(1);
      await sleep(1_000);
      await (await typing.start(bot.botId, user)).stop();
      expect((await seen(user)).getconfigCalls).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('@OnWeixinMessage({ typing: true }) shows typing while the handler runs', async () => {
    const app = await bootTypingApp(sim, bot, url, {}, [SlowHandlers]);
    try {
      const polling = app.get(PollingService);
      await waitFor(() => polling.isPolling(bot.botId), 'polling');
      const thinker = 'thinker@im.wechat';
      const quick = 'quick@im.wechat';
      await sim.control.sendText(bot.botId, thinker, 'think hard');
      await sim.control.sendText(bot.botId, quick, 'quick one');
      await waitFor(
        async () =>
          (await sim.control.sent(bot.botId, thinker)).some(
            (s) => s.accepted && s.text === 'thought about think hard',
          ),
        'slow reply',
      );
      await waitFor(async () => (await statuses(thinker)).at(-1) === 2, 'cancel after handler');
      const shows = (await statuses(thinker)).filter((s) => s === 1).length;
      expect(shows).toBeGreaterThanOrEqual(2);
      await waitFor(
        async () => (await sim.control.sent(bot.botId, quick)).some((s) => s.accepted),
        'quick reply',
      );
      expect(await seen(quick)).toMatchObject({ events: [], getconfigCalls: 0 });
    } finally {
      await app.close();
    }
  });
});
