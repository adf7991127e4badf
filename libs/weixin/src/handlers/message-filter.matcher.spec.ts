import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import {
  matchesAnyMessageFilter,
  matchesMessageFilter,
  type FilterableMessage,
} from './message-filter.matcher.js';
import { normalizeMessageFilter } from '../declarations/message-filter.validator.js';

const msg = (overrides: Partial<FilterableMessage> = {}): FilterableMessage => ({
  accountId: 'bot-a',
  from: 'alice@im.wechat',
  kinds: ['text'],
  text: '  Hello  ',
  ...overrides,
});

const matches = (filter: WeixinMessageFilter, message = msg()) =>
  matchesMessageFilter(normalizeMessageFilter(filter, 'T#m'), message);

describe('matchesMessageFilter', () => {
  it('matches everything with an empty filter', () => {
    expect(matches({})).toBe(true);
    expect(matches({}, msg({ kinds: [], text: '' }))).toBe(true);
  });

  it('matches account as one id or a list', () => {
    expect(matches({ account: 'bot-a' })).toBe(true);
    expect(matches({ account: 'bot-b' })).toBe(false);
    expect(matches({ account: ['bot-b', 'bot-a'] })).toBe(true);
  });

  it('matches from as an id, a list or a pattern', () => {
    expect(matches({ from: 'alice@im.wechat' })).toBe(true);
    expect(matches({ from: 'alice' })).toBe(false);
    expect(matches({ from: ['bob@im.wechat', 'alice@im.wechat'] })).toBe(true);
    expect(matches({ from: /^alice@/ })).toBe(true);
    expect(matches({ from: /^bob@/ })).toBe(false);
  });

  it('matches kind when any item has any listed kind', () => {
    const photo = msg({ kinds: ['text', 'image'] });
    expect(matches({ kind: 'image' }, photo)).toBe(true);
    expect(matches({ kind: ['video', 'text'] }, photo)).toBe(true);
    expect(matches({ kind: 'voice' }, photo)).toBe(false);
    expect(matches({ kind: 'image' }, msg({ kinds: [] }))).toBe(false);
  });

  it('matches a string text exactly after trimming, a RegExp by test', () => {
    expect(matches({ text: 'Hello' })).toBe(true);
    expect(matches({ text: ' Hello ' })).toBe(true);
    expect(matches({ text: 'hello' })).toBe(false);
    expect(matches({ text: 'Hell' })).toBe(false);
    expect(matches({ text: /hel/i })).toBe(true);
    expect(matches({ text: /^bye/ })).toBe(false);
  });

  it('matches a global RegExp the same way every time', () => {
    const filter = normalizeMessageFilter({ text: /hello/gi }, 'T#m');
    const results = [1, 2, 3].map(() => matchesMessageFilter(filter, msg()));
    expect(results).toEqual([true, true, true]);
  });

  it('requires every set field to match', () => {
    expect(matches({ from: /alice/, kind: 'text', text: 'Hello' })).toBe(true);
    expect(matches({ from: /alice/, kind: 'image', text: 'Hello' })).toBe(false);
  });
});

describe('matchesAnyMessageFilter', () => {
  it('ORs the filters; no filter matches everything', () => {
    const filters = [{ kind: 'image' as const }, { text: 'Hello' }].map((f) =>
      normalizeMessageFilter(f, 'T#m'),
    );
    expect(matchesAnyMessageFilter(filters, msg())).toBe(true);
    expect(matchesAnyMessageFilter(filters, msg({ text: 'Bye' }))).toBe(false);
    expect(matchesAnyMessageFilter([], msg({ text: 'Bye' }))).toBe(true);
  });
});
