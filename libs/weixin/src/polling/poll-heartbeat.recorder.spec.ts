import { jest } from '@jest/globals';
import type { AccountStatusStore } from '../persistence/account-status.store.js';
import type { WeixinPollEvent } from '../weixin.events.js';
import { POLL_HEARTBEAT_INTERVAL_MS, PollHeartbeatRecorder } from './poll-heartbeat.recorder.js';

describe('PollHeartbeatRecorder', () => {
  let writes: string[][];
  let recorder: PollHeartbeatRecorder;
  const polled = (accountId: string): void =>
    (recorder as unknown as { onPolled(e: Partial<WeixinPollEvent>): void }).onPolled({
      accountId,
    });

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    writes = [];
    const store = {
      touchPolls: (ids: string[]) => {
        writes.push(ids);
        return Promise.resolve();
      },
    } as unknown as AccountStatusStore;
    recorder = new PollHeartbeatRecorder(store);
    recorder.onModuleInit();
  });

  afterEach(async () => {
    await recorder.beforeApplicationShutdown();
    jest.useRealTimers();
  });

  it('writes the first poll at once and the polls of a busy interval in one statement', () => {
    polled('a');
    expect(writes).toEqual([['a']]);
    for (let i = 0; i < 100; i++) polled(i % 2 ? 'a' : 'b');
    expect(writes).toHaveLength(1);
    jest.advanceTimersByTime(POLL_HEARTBEAT_INTERVAL_MS);
    expect(writes).toEqual([['a'], ['b', 'a']]);
  });

  it('writes at once again after a quiet interval', () => {
    polled('a');
    jest.advanceTimersByTime(POLL_HEARTBEAT_INTERVAL_MS * 2);
    expect(writes).toEqual([['a']]);
    polled('b');
    expect(writes).toEqual([['a'], ['b']]);
  });
});
