import { createHash } from 'node:crypto';
import { locatePartialText, readPartialText } from './partial-quote.resolver.js';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

describe('locatePartialText', () => {
  const text = 'ab cd ab ef cd ab cd';

  it('prefers the whole-text reading of endindex without quotemd5', () => {
    // start "ab" #1 (at 6); end "cd" #1 over the whole text (at 12) → "ab ef cd".
    expect(locatePartialText(text, { start: 'ab', end: 'cd', startIndex: 1, endIndex: 1 })).toBe(
      'ab ef cd',
    );
  });

  it('lets quotemd5 pick the reading counted from after the start snippet', () => {
    // Counted after "ab" #1, "cd" #1 is the one at 18 → "ab ef cd ab cd".
    const wanted = 'ab ef cd ab cd';
    expect(
      locatePartialText(text, {
        start: 'ab',
        end: 'cd',
        startIndex: 1,
        endIndex: 1,
        quoteMd5: md5(wanted),
      }),
    ).toBe(wanted);
  });

  it('answers undefined when no reading matches quotemd5, or the snippets are absent', () => {
    const p = { start: 'ab', end: 'cd', startIndex: 0, endIndex: 0, quoteMd5: md5('nope') };
    expect(locatePartialText(text, p)).toBeUndefined();
    expect(locatePartialText(text, { start: 'zz', end: 'cd' })).toBeUndefined();
    expect(locatePartialText(text, { end: 'cd' })).toBeUndefined();
  });

  it('handles a selection inside the start snippet (start = end) and non-ASCII text', () => {
    expect(
      locatePartialText('你好世界你好', { start: '你好', end: '你好', startIndex: 1, endIndex: 1 }),
    ).toBe('你好');
    const sel = '世界你好';
    expect(
      locatePartialText('你好世界你好', { start: '世界', end: '你好', quoteMd5: md5(sel) }),
    ).toBe(sel);
  });
});

describe('readPartialText', () => {
  it('keeps well-typed fields and drops the rest', () => {
    expect(
      readPartialText({
        start: 'a',
        end: 7 as unknown as string,
        startindex: -1,
        endindex: 2,
        quotemd5: 'ABCDEF0123456789ABCDEF0123456789',
      }),
    ).toEqual({ start: 'a', endIndex: 2, quoteMd5: 'abcdef0123456789abcdef0123456789' });
    expect(readPartialText({ quotemd5: 'not-hex' })).toEqual({});
  });
});
