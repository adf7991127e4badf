import { UinHistory } from './uin-history.js';

describe('UinHistory', () => {
  it('accepts a value twice among the recent ones and refuses it the third time', () => {
    const h = new UinHistory(4);
    expect(h.remember('t', 'a')).toBe(true);
    expect(h.remember('t', 'a')).toBe(true);
    expect(h.remember('t', 'a')).toBe(false);
    expect(h.remember('other', 'a')).toBe(true);
  });

  it('forgets values that left the window, one occurrence at a time', () => {
    const h = new UinHistory(3);
    expect(h.remember('t', 'a')).toBe(true);
    expect(h.remember('t', 'a')).toBe(true);
    expect(h.remember('t', 'b')).toBe(true);
    expect(h.remember('t', 'c')).toBe(true); // the first 'a' leaves: one left in the window
    expect(h.remember('t', 'a')).toBe(true); // window b, c, a: the other 'a' left
    expect(h.remember('t', 'a')).toBe(true); // window c, a, a
    expect(h.remember('t', 'a')).toBe(false);
    expect(h.remember(undefined, 'a')).toBe(true);
  });

  it('refuses nothing of a client that draws a fresh value per request', () => {
    const h = new UinHistory();
    const values = Array.from({ length: 10_000 }, (_, i) => String(i));
    expect(values.every((v) => h.remember('t', v))).toBe(true);
  });
});
