import { flattenMarkdown } from './markdown.flattener.js';

describe('flattenMarkdown', () => {
  const lines = [
    '# Title',
    '##### Small heading',
    'Some **bold**, *italic*, *中文斜体* and `code`.',
    '![diagram](https://x/y.png)',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '---',
    '```js',
    'const a = *b* * c; // # not a heading',
    '```',
    '- item with [link](https://example.com)',
  ];
  const doc = lines.join('\n');

  it('wechat: keeps fences, code, tables, bold and rules; strips H5, images, CJK italics', () => {
    // Only these lines change; every other line stays as written.
    const changed: Record<string, string> = {
      '##### Small heading': 'Small heading',
      'Some **bold**, *italic*, *中文斜体* and `code`.':
        'Some **bold**, *italic*, 中文斜体 and `code`.',
      '![diagram](https://x/y.png)': 'diagram',
    };
    expect(flattenMarkdown(doc, 'wechat')).toBe(lines.map((l) => changed[l] ?? l).join('\n'));
  });

  it('plain: strips every construct but keeps code and link targets', () => {
    expect(flattenMarkdown(doc, 'plain')).toBe(
      [
        'Title',
        'Small heading',
        'Some bold, italic, 中文斜体 and code.',
        'diagram',
        'a  b',
        '1  2',
        '',
        'const a = *b* * c; // # not a heading',
        '• item with link (https://example.com)',
      ].join('\n'),
    );
  });

  it('none: leaves the text alone', () => {
    expect(flattenMarkdown(doc, 'none')).toBe(doc);
  });

  it('never changes inline code in wechat mode', () => {
    expect(flattenMarkdown('`*中文*` and *中文*', 'wechat')).toBe('`*中文*` and 中文');
  });
});
