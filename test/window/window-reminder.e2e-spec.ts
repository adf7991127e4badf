import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import { WeixinEvents, WeixinMessageService, type WeixinWindowClosingEvent } from 'nestjs-weixin';
import { simAppOptions } from '../support/e2e-boot.js';
import { eventRecorder } from '../support/event-recorder.js';
import { createTestDatabase } from '../support/test-database.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { InboundAppModule } from '../fixtures/inbound-app.module.js';

const ReminderListener = eventRecorder<WeixinWindowClosingEvent>(WeixinEvents.WindowClosing);

const USER = 'o9cq8reminded@im.wechat';
const WINDOW_MS = 6_000;
const BEFORE_MS = 3_500;

describe('the window reminder (weixin.window.closing), across replicas', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  const apps: INestApplicationContext[] = [];
  const events = (): WeixinWindowClosingEvent[] =>
    apps.flatMap((app) => app.get(ReminderListener).events);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, longPollTimeoutMs: 1_000 });
    bot = await sim.control.addBot();
    const url = await createTestDatabase('window_reminder_e2e');
    for (const replicaId of ['replica-a', 'replica-b']) {
      const options = simAppOptions(sim, [bot], {
        leases: { replicaId },
        send: { windowMs: WINDOW_MS, windowReminder: { beforeMs: BEFORE_MS, intervalMs: 100 } },
      });
      const moduleRef = await Test.createTestingModule({
        imports: [InboundAppModule.register(url, options, [ReminderListener])],
      }).compile();
      await moduleRef.init();
      apps.push(moduleRef);
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await sim?.close();
  });

  it('emits once per user window, by one replica, beforeMs before the window closes', async () => {
    const messages = apps[0]!.get(WeixinMessageService);
    await sim.control.sendText(bot.botId, USER, 'hello');
    const ledger = await waitFor(async () => {
      const l = await messages.ledger(bot.botId, USER);
      return l.hasContextToken ? l : undefined;
    }, 'the context token stored');
    const receivedAt = ledger.receivedAt!.getTime();
    // Not before it is due (WINDOW_MS - BEFORE_MS after the message), checked by both replicas.
    await sleep(Math.max(0, receivedAt + WINDOW_MS - BEFORE_MS - 800 - Date.now()));
    expect(events()).toEqual([]);

    const [first] = await waitFor(() => (events().length > 0 ? events() : undefined), 'a reminder');
    expect(first).toEqual({
      accountId: bot.botId,
      userId: USER,
      receivedAt: ledger.receivedAt,
      closesAt: ledger.windowClosesAt,
    });
    expect(first!.closesAt.getTime() - first!.receivedAt.getTime()).toBe(WINDOW_MS);
    // Both replicas kept checking until the window closed: still one event.
    await sleep(Math.max(0, receivedAt + WINDOW_MS + 300 - Date.now()));
    expect(events()).toHaveLength(1);
    expect((await messages.ledger(bot.botId, USER)).remaining).toBe(0);

    // The user's next message opens a new window, which gets its own single reminder.
    await sim.control.sendText(bot.botId, USER, 'again');
    await waitFor(async () => (await messages.ledger(bot.botId, USER)).remaining > 0, 'new window');
    await waitFor(() => events().length === 2, 'the second reminder', WINDOW_MS + 2_000);
    await sleep(1_000);
    expect(events()).toHaveLength(2);
    // `events()` lists replica by replica, not in time order: one is the first window's.
    const windows = events()
      .map((e) => e.receivedAt.getTime())
      .sort((a, b) => a - b);
    expect(windows[0]).toBe(receivedAt);
    expect(windows[1]).toBeGreaterThan(receivedAt);
  });
});
