import { parseCommandLine } from './command-line.parser.js';

describe('parseCommandLine', () => {
  it('reads the name in lower case and the trimmed rest', () => {
    expect(parseCommandLine('/Order  tea 2 ')).toEqual({ name: 'order', argText: 'tea 2' });
    expect(parseCommandLine('  /help')).toEqual({ name: 'help', argText: '' });
  });

  it('accepts the full-width slash and full-width spaces of CJK keyboards', () => {
    expect(parseCommandLine('\uff0forder\u3000tea')).toEqual({ name: 'order', argText: 'tea' });
  });

  it('is not a command without a valid name right after the slash', () => {
    for (const text of ['order', '/ order', '//order', 'a /order', '/1st', '/', '/o!']) {
      expect(parseCommandLine(text)).toBeUndefined();
    }
    expect(parseCommandLine(`/${'a'.repeat(33)}`)).toBeUndefined();
  });
});
