import { codePointLength, fitPrefix, insideSurrogatePair, utf8Length } from './utf8.util.js';

describe('utf8', () => {
  it('counts UTF-8 bytes and code points of ASCII, CJK and emoji', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('中文')).toBe(6);
    expect(utf8Length('😀')).toBe(4);
    expect(codePointLength('a中😀')).toBe(3);
    expect('a中😀'.length).toBe(4);
  });

  it('fits a prefix to bytes and characters without splitting a surrogate pair', () => {
    const text = 'ab😀c';
    expect(fitPrefix(text, 0, 5, 10)).toBe(2);
    expect(fitPrefix(text, 0, 6, 10)).toBe(4);
    expect(fitPrefix(text, 0, 100, 3)).toBe(4);
    expect(fitPrefix('中中中', 0, 7, 10)).toBe(2);
    expect(fitPrefix('中', 0, 2, 10)).toBe(0);
  });

  it('tells when an index falls inside a surrogate pair', () => {
    expect(insideSurrogatePair('a😀', 2)).toBe(true);
    expect(insideSurrogatePair('a😀', 1)).toBe(false);
    expect(insideSurrogatePair('a😀', 3)).toBe(false);
  });
});
