import { randomUint64 } from './ids.js';

describe('randomUint64', () => {
  const draws = Array.from({ length: 20_000 }, () => randomUint64());

  it('stays in [2^60, 2^64 - 1]', () => {
    expect(draws.every((v) => v >= 1n << 60n && v < 1n << 64n)).toBe(true);
  });

  it('does not repeat, and varies in its high and its low 32 bits', () => {
    expect(new Set(draws).size).toBe(draws.length);
    const high = new Set(draws.map((v) => v >> 32n));
    const low = new Set(draws.map((v) => v & 0xffffffffn));
    expect(high.size).toBeGreaterThan(draws.length * 0.99);
    expect(low.size).toBeGreaterThan(draws.length * 0.99);
  });

  it('spreads over the range: each eighth of it gets about an eighth of the draws', () => {
    const span = (1n << 64n) - (1n << 60n);
    const counts = new Array<number>(8).fill(0);
    for (const v of draws) counts[Number(((v - (1n << 60n)) * 8n) / span)]! += 1;
    for (const n of counts) expect(Math.abs(n - draws.length / 8)).toBeLessThan(draws.length / 40);
  });
});
