import { sanitizeBotAgent } from './bot-agent.js';
import { packClientVersion } from './client-version.js';
import { encodeWechatUin, randomWechatUin } from './wechat-uin.js';

describe('packClientVersion', () => {
  it.each([
    ['1.0.11', '65547'],
    ['2.2.0', '131584'],
    ['2.4.9', '132105'],
    ['2.4', '132096'],
    ['', '0'],
  ])('packs %p as %p', (version, packed) => {
    expect(packClientVersion(version)).toBe(packed);
  });
});

describe('X-WECHAT-UIN', () => {
  it('is the base64 of the decimal text', () => {
    expect(encodeWechatUin(305419896)).toBe('MzA1NDE5ODk2');
    expect(encodeWechatUin(4294967295)).toBe(Buffer.from('4294967295').toString('base64'));
  });

  it('decodes to a uint32 in decimal and changes between calls', () => {
    const values = new Set(Array.from({ length: 20 }, () => randomWechatUin()));
    expect(values.size).toBeGreaterThan(1);
    for (const value of values) {
      const text = Buffer.from(value, 'base64').toString('utf8');
      expect(text).toMatch(/^(0|[1-9]\d{0,9})$/);
      expect(Number(text)).toBeLessThanOrEqual(4294967295);
    }
  });
});

describe('randomWechatUin', () => {
  it('draws uint32s spread over the whole range', () => {
    const values = Array.from({ length: 4_000 }, () =>
      Number(Buffer.from(randomWechatUin(), 'base64').toString('utf8')),
    );
    for (const v of values) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    // Each of the 16 top-nibble buckets gets 250 on average; a stuck or constant source fails.
    const buckets = new Array<number>(16).fill(0);
    for (const v of values) buckets[v >>> 28]! += 1;
    for (const n of buckets) expect(n).toBeGreaterThan(150);
    expect(new Set(values).size).toBeGreaterThan(3_990);
  });
});

describe('sanitizeBotAgent', () => {
  it('keeps valid products and comments', () => {
    expect(sanitizeBotAgent('MyBot/1.2.0 (region=cn;env=prod)', 'X/1')).toBe(
      'MyBot/1.2.0 (region=cn;env=prod)',
    );
    expect(sanitizeBotAgent('  A/1  B/2.0+build ', 'X/1')).toBe('A/1 B/2.0+build');
  });

  it('drops invalid tokens and answers the fallback when nothing is left', () => {
    expect(sanitizeBotAgent('bad token/ A/1 ünïcode/1 (orphan', 'X/1')).toBe('A/1');
    expect(sanitizeBotAgent('(comment) nothing', 'X/1')).toBe('X/1');
    expect(sanitizeBotAgent(`${'n'.repeat(33)}/1`, 'X/1')).toBe('X/1');
  });

  it('drops trailing products to fit in 256 bytes', () => {
    const product = `${'a'.repeat(30)}/${'1'.repeat(30)}`;
    const result = sanitizeBotAgent(Array(6).fill(product).join(' '), 'X/1');
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(256);
    expect(result.split(' ')).toHaveLength(4);
  });
});
