import type { CommandArgSpec } from './command-spec.interface.js';
import { parseCommandArgs } from './command-args.parser.js';

const arg = (name: string, more: Partial<CommandArgSpec> = {}): CommandArgSpec => ({
  name,
  type: 'string',
  optional: false,
  rest: false,
  ...more,
});

describe('parseCommandArgs', () => {
  const order = [
    arg('item'),
    arg('qty', { type: 'integer', optional: true }),
    arg('note', { optional: true, rest: true }),
  ];

  it('parses words in order, converting types, leaving out missing optional ones', () => {
    expect(parseCommandArgs(order, 'tea')).toEqual({ ok: true, args: { item: 'tea' } });
    expect(parseCommandArgs(order, 'tea 3')).toEqual({ ok: true, args: { item: 'tea', qty: 3 } });
    expect(parseCommandArgs(order, '"green tea"  -2  no  sugar, please')).toEqual({
      ok: true,
      args: { item: 'green tea', qty: -2, note: 'no  sugar, please' },
    });
  });

  it('keeps spaces inside quotes, also the curly ones', () => {
    expect(parseCommandArgs([arg('a'), arg('b')], "\u201cone two\u201d 'three four'")).toEqual({
      ok: true,
      args: { a: 'one two', b: 'three four' },
    });
  });

  it('refuses missing, extra and mistyped words with the reason', () => {
    expect(parseCommandArgs(order, '')).toEqual({ ok: false, reason: '<item> is missing' });
    expect(parseCommandArgs(order, 'tea many')).toEqual({
      ok: false,
      reason: '<qty> must be a whole number, got "many"',
    });
    expect(parseCommandArgs([arg('x')], 'a b')).toEqual({ ok: false, reason: 'unexpected "b"' });
    expect(parseCommandArgs([], 'a')).toEqual({ ok: false, reason: 'unexpected "a"' });
    expect(parseCommandArgs([arg('x')], '"open')).toEqual({
      ok: false,
      reason: 'a quote is not closed',
    });
  });

  it('parses numbers and booleans strictly', () => {
    const spec = [arg('n', { type: 'number' }), arg('b', { type: 'boolean' })];
    expect(parseCommandArgs(spec, '2.5 yes')).toEqual({ ok: true, args: { n: 2.5, b: true } });
    expect(parseCommandArgs(spec, '.5 OFF')).toEqual({ ok: true, args: { n: 0.5, b: false } });
    for (const bad of ['1e3 yes', 'NaN yes', '0x1 yes', 'Infinity yes']) {
      expect(parseCommandArgs(spec, bad)).toMatchObject({ ok: false });
    }
    expect(parseCommandArgs(spec, '1 maybe')).toEqual({
      ok: false,
      reason: '<b> must be yes or no, got "maybe"',
    });
    expect(parseCommandArgs([arg('i', { type: 'integer' })], '1.5')).toMatchObject({ ok: false });
    expect(parseCommandArgs([arg('i', { type: 'integer' })], '9'.repeat(16))).toMatchObject({
      ok: false,
    });
  });
});
