import { nestsDeeperThan } from './input-depth.js';

function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('nestsDeeperThan', () => {
  it.each([
    [1, 1, false],
    [{ a: 1 }, 1, false],
    [{ a: { b: 1 } }, 1, true],
    [deep(32), 32, false],
    [deep(33), 32, true],
    ['text', 0, false],
    [null, 0, false],
  ])('%j deeper than %i: %s', (value, max, expected) => {
    expect(nestsDeeperThan(value, max)).toBe(expected);
  });

  it('measures 1,000,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(deep(1_000_000), 32)).toBe(true);
  });

  it('does not enter Buffers', () => {
    expect(nestsDeeperThan({ file: { buffer: Buffer.alloc(100) } }, 2)).toBe(false);
  });
});
