import { fenceStateAfter } from './markdown-fence.tracker.js';
import { fitsLimits, splitText, type TextLimits } from './text.splitter.js';
import { codePointLength, utf8Length } from './utf8.util.js';

const SERVER: TextLimits = { maxBytes: 16_384, maxChars: 4_000 };

function expectValid(parts: string[], limits: TextLimits): void {
  for (const p of parts) {
    expect(utf8Length(p)).toBeLessThanOrEqual(limits.maxBytes);
    expect(codePointLength(p)).toBeLessThanOrEqual(limits.maxChars);
    expect(p).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/u);
    expect(p).not.toMatch(/(?<![\ud800-\udbff])[\udc00-\udfff]/u);
    expect(fenceStateAfter(p, null)).toBeNull();
    expect(p.trim()).not.toBe('');
  }
}

function chineseText(bytes: number): string {
  const sentence = '微信机器人的回复必须在二十四小时之内发出，每条用户消息最多十条回复。';
  let text = '';
  let paragraph = 0;
  while (utf8Length(text) < bytes) {
    text += sentence;
    if (++paragraph % 6 === 0) text += '\n\n';
  }
  return text;
}

describe('splitText', () => {
  it('answers a short text as is, and nothing for a blank one', () => {
    expect(splitText('hello', SERVER)).toEqual(['hello']);
    expect(splitText('  \n ', SERVER)).toEqual([]);
  });

  it.each([
    [
      'paragraph',
      'aaaa aaaa aaaa aaaa.\n\nbbbb bbbb bbbb',
      ['aaaa aaaa aaaa aaaa.', 'bbbb bbbb bbbb'],
    ],
    ['line', 'aaaa aaaa aaaa aaaa\nbbbb bbbb bbbb', ['aaaa aaaa aaaa aaaa', 'bbbb bbbb bbbb']],
    [
      'sentence',
      'One two three four. Five six seven eight',
      ['One two three four.', 'Five six seven eight'],
    ],
    ['space', 'one two three four five six seven', ['one two three four five six', 'seven']],
  ])(
    'prefers paragraph, then line, then sentence, then space boundaries: %s',
    (_boundary, text, parts) => {
      expect(splitText(text, { maxBytes: 1000, maxChars: 30 })).toEqual(parts);
    },
  );

  it('cuts CJK text after a full stop, and by bytes', () => {
    const text = '你好世界。今天天气很好。我们出去玩吧。';
    const parts = splitText(text, { maxBytes: 40, maxChars: 100 });
    expect(parts).toEqual(['你好世界。今天天气很好。', '我们出去玩吧。']);
  });

  it('never cuts inside an emoji or a UTF-8 sequence', () => {
    const text = '😀'.repeat(50);
    const parts = splitText(text, { maxBytes: 18, maxChars: 100 });
    expectValid(parts, { maxBytes: 18, maxChars: 100 });
    expect(parts.join('')).toBe(text);
    const cjk = '中'.repeat(100);
    const cjkParts = splitText(cjk, { maxBytes: 16, maxChars: 100 });
    expect(cjkParts.every((p) => p === '中'.repeat(5))).toBe(true);
    expect(cjkParts.join('')).toBe(cjk);
  });

  it('closes a fence at a cut and reopens it with its info string', () => {
    const code = Array.from({ length: 40 }, (_, i) => `  const line${i} = ${i};`).join('\n');
    const text = `Intro paragraph.\n\n\`\`\`ts\n${code}\n\`\`\`\n\nOutro.`;
    const limits = { maxBytes: 300, maxChars: 300 };
    const parts = splitText(text, limits);
    expect(parts.length).toBeGreaterThan(2);
    expectValid(parts, limits);
    expect(parts[1]!.startsWith('```ts\n')).toBe(true);
    expect(parts.slice(1, -1).every((p) => p.startsWith('```ts\n') && p.endsWith('\n```'))).toBe(
      true,
    );
    const lines = parts.join('\n').split('\n');
    for (let i = 0; i < 40; i++) expect(lines).toContain(`  const line${i} = ${i};`);
  });

  it('splits a 20 KiB Chinese text with a code block within the server limits', () => {
    const code = Array.from({ length: 30 }, (_, i) => `print("第${i}行")`).join('\n');
    const text = `${chineseText(10_000)}\n\n\`\`\`python\n${code}\n\`\`\`\n\n${chineseText(10_000)}`;
    expect(utf8Length(text)).toBeGreaterThan(20 * 1024);
    const parts = splitText(text, SERVER);
    expectValid(parts, SERVER);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.length).toBeLessThanOrEqual(10);
    expect(parts.join('').replace(/\s/gu, '')).toBe(text.replace(/\s/gu, ''));
    const small = { maxBytes: 400, maxChars: 4_000 };
    const smallParts = splitText(text, small);
    expectValid(smallParts, small);
    expect(smallParts.some((p) => p.startsWith('```python\n'))).toBe(true);
  });

  it('respects the character limit for ASCII', () => {
    const text = 'word '.repeat(2000);
    const parts = splitText(text, SERVER);
    expectValid(parts, SERVER);
    expect(parts.length).toBe(3);
    expect(fitsLimits(parts[0]!, SERVER)).toBe(true);
  });

  const graphemesOf = (t: string): string[] =>
    [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(t)].map(
      (g) => g.segment,
    );

  it('keeps flags, ZWJ emoji and combining accents whole at a hard cut', () => {
    const limits = { maxBytes: 64, maxChars: 1_000 };
    for (const unit of ['🇨🇳', '👨‍👩‍👧‍👦', 'e\u0301\u0302']) {
      const text = unit.repeat(40);
      const parts = splitText(text, limits);
      expectValid(parts, limits);
      expect(parts.join('')).toBe(text);
      for (const p of parts) expect(graphemesOf(p).every((g) => g === unit)).toBe(true);
    }
  });

  it('stays within the limits when a fence opening line is long, and does not reopen it', () => {
    const limits = { maxBytes: 200, maxChars: 200 };
    const opening = '```' + 'x'.repeat(195);
    const code = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const parts = splitText(`${opening}\n${code}\n\`\`\``, limits);
    for (const p of parts) {
      expect(utf8Length(p)).toBeLessThanOrEqual(limits.maxBytes);
      expect(codePointLength(p)).toBeLessThanOrEqual(limits.maxChars);
    }
    expect(parts.filter((p) => p.startsWith(opening))).toHaveLength(0);
    for (let i = 0; i < 30; i++) expect(parts.join('\n')).toContain(`line ${i}`);
  });

  it('cuts before a fence opening line instead of leaving an empty code block', () => {
    const limits = { maxBytes: 1_000, maxChars: 120 };
    const text = `${'intro '.repeat(15)}\n\`\`\`ts\n${'const a = 1; '.repeat(12)}\n\`\`\``;
    const parts = splitText(text, limits);
    expectValid(parts, limits);
    for (const p of parts) expect(p).not.toMatch(/^```ts\n\s*```$/mu);
    expect(parts[0]).not.toContain('```');
    expect(parts[1]!.startsWith('```ts\n')).toBe(true);
  });

  it('never emits a code block holding only whitespace, nor a blank part', () => {
    const limits = { maxBytes: 1_000, maxChars: 60 };
    const text = `before\n\`\`\`\n${'\n'.repeat(200)}code\n\`\`\`\n\n${' \n'.repeat(100)}after`;
    const parts = splitText(text, limits);
    expectValid(parts, limits);
    for (const p of parts) {
      expect(p.replace(/^```.*$/gmu, '').trim()).not.toBe('');
    }
    expect(parts.join('\n')).toContain('code');
    expect(parts.at(-1)).toContain('after');
  });

  it('keeps indentation and trailing spaces inside code blocks', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${' '.repeat(i % 6)}v${i} = ${i};  `);
    const text = `\`\`\`py\n${lines.join('\n')}\n\`\`\``;
    const limits = { maxBytes: 1_000, maxChars: 150 };
    const parts = splitText(text, limits);
    expectValid(parts, limits);
    expect(parts.length).toBeGreaterThan(2);
    const got = parts.flatMap((p) => p.split('\n').filter((l) => !l.startsWith('```')));
    expect(got).toEqual(lines);
  });
});
