import { WeixinHandlerError } from './weixin-handler.error.js';
import { replyFromReturnValue } from './weixin-reply.mapper.js';

describe('replyFromReturnValue', () => {
  it('maps nothing to no reply', () => {
    expect(replyFromReturnValue(undefined)).toEqual([]);
    expect(replyFromReturnValue(null)).toEqual([]);
  });

  it('maps a string or { text } to one reply', () => {
    expect(replyFromReturnValue('hi')).toEqual(['hi']);
    expect(replyFromReturnValue({ text: 'hi' })).toEqual([{ text: 'hi' }]);
  });

  it('maps an array to each of its replies, in order', () => {
    expect(replyFromReturnValue(['a', { text: 'b' }, 'c'])).toEqual(['a', { text: 'b' }, 'c']);
    expect(replyFromReturnValue([])).toEqual([]);
  });

  it.each([42, true, { txt: 'x' }, { text: 3 }, new Date(0), () => 'x'])(
    'rejects %p naming the accepted shapes',
    (value) => {
      expect(() => replyFromReturnValue(value)).toThrow(WeixinHandlerError);
      expect(() => replyFromReturnValue(value)).toThrow(
        /Return nothing \(undefined or null\), a string, an object \{ text: string \}, or an array/,
      );
    },
  );

  it('rejects an array element that is not a reply, naming its index', () => {
    expect(() => replyFromReturnValue(['ok', null])).toThrow(/element 1 is null/);
    expect(() => replyFromReturnValue([['nested']])).toThrow(/element 0 is an array/);
  });
});
