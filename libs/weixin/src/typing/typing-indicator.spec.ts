import { jest } from '@jest/globals';
import { TypingIndicator, type TypingAction } from './typing-indicator.js';
import { IndicatorLease } from './typing-lease.js';

describe('TypingIndicator', () => {
  let calls: { action: TypingAction; at: number }[];
  let idle: number;
  let indicator: TypingIndicator;
  let sendDelayMs: number;

  const lease = (durationMs = 60_000, graceMs = 0): IndicatorLease => {
    const l = new IndicatorLease('bot', 'user', durationMs, (ended) => indicator.remove(ended));
    indicator.add(l, graceMs);
    return l;
  };
  const actions = () => calls.map((c) => c.action);

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    calls = [];
    idle = 0;
    sendDelayMs = 0;
    indicator = new TypingIndicator(5_000, {
      send: async (action) => {
        calls.push({ action, at: Date.now() });
        if (sendDelayMs > 0) await new Promise((r) => setTimeout(r, sendDelayMs));
      },
      onIdle: () => idle++,
    });
  });
  afterEach(() => jest.useRealTimers());

  it('sends start once, keeps alive every interval, stops at the end and leaves no timer', async () => {
    const l = lease();
    await jest.advanceTimersByTimeAsync(16_000);
    expect(calls).toEqual([
      { action: 'start', at: 0 },
      { action: 'keepAlive', at: 5_000 },
      { action: 'keepAlive', at: 10_000 },
      { action: 'keepAlive', at: 15_000 },
    ]);
    expect(indicator.phase).toBe('typing');
    await l.stop();
    expect(actions().at(-1)).toBe('stop');
    expect(indicator.phase).toBe('idle');
    expect(indicator.timerCount).toBe(0);
    expect(idle).toBe(1);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(actions()).toHaveLength(5);
  });

  it('shows once for several leases and cancels after the last one', async () => {
    const a = lease();
    const b = lease();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(actions()).toEqual(['start']);
    await a.stop();
    expect(actions()).toEqual(['start']);
    expect(indicator.leaseCount).toBe(1);
    await b.stop();
    expect(actions()).toEqual(['start', 'stop']);
  });

  it('sends nothing when every lease ends within the grace delay', async () => {
    const l = lease(60_000, 1_000);
    expect(indicator.phase).toBe('grace');
    await jest.advanceTimersByTimeAsync(900);
    await l.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
    expect(indicator.timerCount).toBe(0);
    expect(idle).toBe(1);
  });

  it('shows after the grace delay when the lease is still held', async () => {
    const l = lease(60_000, 1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([{ action: 'start', at: 1_000 }]);
    await l.stop();
    expect(actions()).toEqual(['start', 'stop']);
  });

  it('a reply cancels the indicator; a held lease resumes it at the next tick', async () => {
    const l = lease();
    await jest.advanceTimersByTimeAsync(2_000);
    await indicator.cancelShown();
    expect(indicator.phase).toBe('paused');
    expect(actions()).toEqual(['start', 'stop']);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(actions()).toEqual(['start', 'stop', 'start']);
    expect(indicator.phase).toBe('typing');
    await l.stop();
    expect(actions()).toEqual(['start', 'stop', 'start', 'stop']);
  });

  it('ends a lease after its duration', async () => {
    lease(7_000);
    await jest.advanceTimersByTimeAsync(7_000);
    expect(actions()).toEqual(['start', 'keepAlive', 'stop']);
    expect(indicator.leaseCount).toBe(0);
    expect(indicator.timerCount).toBe(0);
  });

  it('never lets the cancel overtake a slow start', async () => {
    sendDelayMs = 3_000;
    const l = lease();
    const stopped = l.stop();
    await jest.advanceTimersByTimeAsync(6_000);
    await stopped;
    expect(calls).toEqual([
      { action: 'start', at: 0 },
      { action: 'stop', at: 3_000 },
    ]);
  });

  it('endAll ends every lease with a single cancel', async () => {
    lease();
    lease();
    await jest.advanceTimersByTimeAsync(1);
    await indicator.endAll();
    expect(actions()).toEqual(['start', 'stop']);
    expect(indicator.idle).toBe(true);
  });
});
