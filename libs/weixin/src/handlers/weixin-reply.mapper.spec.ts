import { Readable } from 'node:stream';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
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
        /Return nothing \(undefined or null\), a string, an object \{ text: string \}, \{ image, caption\? \}/,
      );
    },
  );

  it('rejects an array element that is not a reply, naming its index', () => {
    expect(() => replyFromReturnValue(['ok', null])).toThrow(/element 1 is null/);
    expect(() => replyFromReturnValue([['nested']])).toThrow(/element 0 is an array/);
  });

  it('maps media replies from every kind of source', () => {
    const stream = Readable.from([]);
    const replies = [
      { image: Buffer.from('png'), caption: 'look' },
      { video: '/tmp/clip.mp4' },
      { file: { path: '/tmp/report.pdf' }, fileName: 'report.pdf', caption: 'the report' },
      { file: stream },
      { image: 'https://example.com/a.png' },
      { image: new URL('https://example.com/b.png') },
      { file: new Uint8Array([1, 2]) },
      { video: { url: 'https://example.com/v.mp4' } },
      { file: { stream } },
    ];
    expect(replyFromReturnValue(replies)).toEqual(replies);
    expect(replyFromReturnValue({ image: Buffer.from('x') })).toEqual([
      { image: Buffer.from('x') },
    ]);
  });

  it.each([
    { image: 42 },
    { image: '' },
    { image: Buffer.from('x'), caption: 5 },
    { image: Buffer.from('x'), video: Buffer.from('y') },
    { image: Buffer.from('x'), fileName: 'a.png' },
    { file: { url: 'ftp://example.com/x' } },
    { file: {} },
  ])('rejects the malformed media reply %p', (value) => {
    expect(() => replyFromReturnValue(value)).toThrow(WeixinHandlerError);
  });
});
