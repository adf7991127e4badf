import { jest } from '@jest/globals';
import type { AccountStatusStore } from '../persistence/account-status.store.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { PollingService } from '../polling/polling.service.js';
import type { WeixinMessageHandledEvent, WeixinMessageReceivedEvent } from '../weixin.events.js';
import { WeixinMetricsService } from './weixin-metrics.service.js';

interface EventSink {
  onReceived(e: WeixinMessageReceivedEvent): void;
  onHandled(e: WeixinMessageHandledEvent): void;
}

const BOT = 'b0f5860fdecb@im.bot';

function service(): WeixinMetricsService {
  const store = {
    repliesLeft: () => Promise.resolve(new Map<string, number>()),
    inboxBacklog: () => Promise.resolve([]),
    outboxDepth: () => Promise.resolve(new Map<string, number>()),
  } as unknown as AccountStatusStore;
  const polling = { ownedAccounts: () => [] } as unknown as PollingService;
  return new WeixinMetricsService({}, {} as ResolvedWeixinOptions, store, polling);
}

const received = (inboxId: string): WeixinMessageReceivedEvent =>
  ({ accountId: BOT, inboxId, messageId: inboxId, from: 'u@im.wechat', message: {} }) as const;
const handled = (inboxId: string): WeixinMessageHandledEvent => ({
  accountId: BOT,
  inboxId,
  messageId: inboxId,
  from: 'u@im.wechat',
  handlers: [],
});

async function timedCount(metrics: WeixinMetricsService): Promise<number> {
  const text = await metrics.registry.getSingleMetricAsString('weixin_message_handle_seconds');
  const line = text.split('\n').find((l) => l.startsWith('weixin_message_handle_seconds_count'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('WeixinMetricsService handle timings', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('times a message from received to handled', async () => {
    const metrics = service();
    const events = metrics as unknown as EventSink;
    events.onReceived(received('1'));
    jest.advanceTimersByTime(2_000);
    await metrics.sample();
    events.onHandled(handled('1'));
    expect(await timedCount(metrics)).toBe(1);
  });

  it('forgets a timing left without an outcome for 10 minutes at the next sample', async () => {
    const metrics = service();
    const events = metrics as unknown as EventSink;
    events.onReceived(received('1'));
    jest.advanceTimersByTime(600_001);
    events.onReceived(received('2'));
    await metrics.sample();
    events.onHandled(handled('1'));
    expect(await timedCount(metrics)).toBe(0);
    events.onHandled(handled('2'));
    expect(await timedCount(metrics)).toBe(1);
  });
});
