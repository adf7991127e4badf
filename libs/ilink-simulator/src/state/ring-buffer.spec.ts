import { CallLog } from './call-log.js';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the last items in push order across many wraps', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 1; i <= 2; i++) ring.push(i);
    expect(ring.toArray()).toEqual([1, 2]);
    for (let i = 3; i <= 11; i++) {
      expect(ring.push(i)).toBe(i === 3 ? undefined : i - 3);
      expect(ring.toArray()).toEqual([i - 2, i - 1, i]);
    }
  });

  it('finds the oldest match, after wrapping too', () => {
    const ring = new RingBuffer<{ k: string; n: number }>(4);
    for (let n = 1; n <= 6; n++) ring.push({ k: n % 2 === 0 ? 'even' : 'odd', n });
    expect(ring.find((x) => x.k === 'even')?.n).toBe(4);
    expect(ring.find((x) => x.k === 'odd')?.n).toBe(3);
    expect(ring.find((x) => x.n === 1)).toBeUndefined();
  });

  it('keeps nothing below a capacity of 1, and empties on clear', () => {
    for (const capacity of [0, -5, Number.NaN]) {
      const ring = new RingBuffer<number>(capacity);
      expect(ring.push(1)).toBe(1);
      expect(ring.toArray()).toEqual([]);
    }
    const ring = new RingBuffer<number>(2);
    for (let i = 0; i < 5; i++) ring.push(i);
    ring.clear();
    ring.push(9);
    expect(ring.toArray()).toEqual([9]);
  });

  it('backs the call log: the last calls, oldest first, filtered by endpoint', () => {
    const log = new CallLog(3);
    const call = (path: string) => ({ path }) as Parameters<CallLog['add']>[0];
    for (const p of ['/a/getupdates', '/a/sendmessage', '/a/getupdates', '/a/sendmessage'])
      log.add(call(p));
    expect(log.list().map((c) => c.path)).toEqual([
      '/a/sendmessage',
      '/a/getupdates',
      '/a/sendmessage',
    ]);
    expect(log.list('sendmessage')).toHaveLength(2);
  });
});
