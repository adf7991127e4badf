import { randomHex, randomUint32 } from './random-pool.js';

describe('random pool', () => {
  it('answers hex of the asked length, never the same value twice across many refills', () => {
    const seen = new Set<string>();
    // 8 bytes each: 2,000 values cross the 4,096-byte pool about four times.
    for (let i = 0; i < 2_000; i++) {
      const hex = randomHex(8);
      expect(hex).toMatch(/^[0-9a-f]{16}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(2_000);
  });

  it('answers uint32s spread over the whole range', () => {
    const values = Array.from({ length: 4_000 }, () => randomUint32());
    for (const v of values) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    // Each of the 16 top-nibble buckets gets 250 on average; a stuck or constant source fails.
    const buckets = new Array<number>(16).fill(0);
    for (const v of values) buckets[v >>> 28]! += 1;
    for (const n of buckets) expect(n).toBeGreaterThan(150);
    expect(new Set(values).size).toBeGreaterThan(3_990);
  });

  it('hands out the bytes left before a refill, then fresh ones', () => {
    // Requests that do not divide the pool: the one that does not fit triggers the refill.
    const parts = Array.from({ length: 400 }, () => randomHex(13));
    for (const p of parts) expect(p).toHaveLength(26);
    expect(new Set(parts).size).toBe(400);
  });

  it('refuses a request larger than the pool', () => {
    expect(() => randomHex(5_000)).toThrow(RangeError);
  });
});
