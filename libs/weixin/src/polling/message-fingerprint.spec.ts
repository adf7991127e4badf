import { MessageItemType } from '../protocol/index.js';
import type { WeixinMessage } from '../protocol/index.js';
import { inboundMessageId, messageFingerprint } from './message-fingerprint.js';

function text(overrides: Partial<WeixinMessage> = {}, body = 'hello'): WeixinMessage {
  return {
    seq: 7,
    message_id: '18446744073709551615',
    from_user_id: 'o9cq8user@im.wechat',
    to_user_id: 'b0f5860fdecb@im.bot',
    create_time_ms: 1761134400123,
    context_token: 'ctx-1',
    item_list: [{ type: MessageItemType.Text, text_item: { text: body } }],
    ...overrides,
  };
}

function file(name: string, md5: string, param: string): WeixinMessage {
  return text({
    item_list: [
      {
        type: MessageItemType.File,
        file_item: { file_name: name, md5, len: '10', media: { encrypt_query_param: param } },
      },
    ],
  });
}

describe('messageFingerprint', () => {
  it('is a hex SHA-256', () => {
    expect(messageFingerprint(text())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('collides for a redelivery under a new id, seq and context token', () => {
    const first = text();
    const redelivered = text({ message_id: '42', seq: 99, context_token: 'ctx-2' });
    expect(messageFingerprint(redelivered)).toBe(messageFingerprint(first));
  });

  it('ignores the item msg_id', () => {
    const a = text({ item_list: [{ type: 1, msg_id: '1', text_item: { text: 'hi' } }] });
    const b = text({ item_list: [{ type: 1, msg_id: '2', text_item: { text: 'hi' } }] });
    expect(messageFingerprint(a)).toBe(messageFingerprint(b));
  });

  it('differs for the same text sent at another time', () => {
    expect(messageFingerprint(text({ create_time_ms: 1761134400124 }))).not.toBe(
      messageFingerprint(text()),
    );
  });

  it('differs by sender and by text', () => {
    const base = messageFingerprint(text());
    expect(messageFingerprint(text({ from_user_id: 'other@im.wechat' }))).not.toBe(base);
    expect(messageFingerprint(text({}, 'hello!'))).not.toBe(base);
  });

  it('does not confuse item boundaries', () => {
    const one = text({ item_list: [{ type: 1, text_item: { text: 'ab' } }] });
    const two = text({
      item_list: [
        { type: 1, text_item: { text: 'a' } },
        { type: 1, text_item: { text: 'b' } },
      ],
    });
    expect(messageFingerprint(one)).not.toBe(messageFingerprint(two));
  });

  it('covers media parameters, file names and MD5s', () => {
    const base = messageFingerprint(file('a.pdf', 'm1', 'p1'));
    expect(messageFingerprint(file('a.pdf', 'm1', 'p1'))).toBe(base);
    expect(messageFingerprint(file('b.pdf', 'm1', 'p1'))).not.toBe(base);
    expect(messageFingerprint(file('a.pdf', 'm2', 'p1'))).not.toBe(base);
    expect(messageFingerprint(file('a.pdf', 'm1', 'p2'))).not.toBe(base);
    const image = (param: string) =>
      text({ item_list: [{ type: 2, image_item: { media: { encrypt_query_param: param } } }] });
    expect(messageFingerprint(image('x'))).not.toBe(messageFingerprint(image('y')));
  });

  it('covers the item type', () => {
    const a = text({ item_list: [{ type: MessageItemType.Text, text_item: { text: 'x' } }] });
    const b = text({ item_list: [{ type: MessageItemType.Voice, text_item: { text: 'x' } }] });
    expect(messageFingerprint(a)).not.toBe(messageFingerprint(b));
  });

  it('covers quoted ids', () => {
    const quote = (svrId: string) =>
      text({ item_list: [{ type: 1, text_item: { text: 'this' }, ref_msg: { svr_id: svrId } }] });
    expect(messageFingerprint(quote('100'))).not.toBe(messageFingerprint(quote('101')));
    expect(messageFingerprint(quote('100'))).toBe(messageFingerprint(quote('100')));
  });

  it('keeps messages without create_time_ms apart unless their ids match', () => {
    const a = text({ create_time_ms: undefined, message_id: '1' });
    const b = text({ create_time_ms: undefined, message_id: '2' });
    expect(messageFingerprint(a)).not.toBe(messageFingerprint(b));
    expect(messageFingerprint(a)).toBe(messageFingerprint({ ...a, seq: 1000 }));
  });
});

describe('inboundMessageId', () => {
  it('answers the top-level message_id as given (uint64 string kept exact)', () => {
    expect(inboundMessageId(text())).toBe('18446744073709551615');
  });

  it('falls back to the first non-empty item msg_id', () => {
    const msg = text({
      message_id: undefined,
      item_list: [
        { type: 1, msg_id: '', text_item: { text: 'a' } },
        { type: 1, msg_id: '9007199254740993', text_item: { text: 'b' } },
      ],
    });
    expect(inboundMessageId(msg)).toBe('9007199254740993');
    expect(inboundMessageId({ ...msg, message_id: '' })).toBe('9007199254740993');
  });

  it('falls back to fp:<fingerprint>', () => {
    const msg = text({ message_id: undefined });
    expect(inboundMessageId(msg)).toBe(`fp:${messageFingerprint(msg)}`);
  });

  it('keeps apart id-less, time-less messages that differ in seq', () => {
    const base = {
      from_user_id: 'u@im.wechat',
      item_list: [{ type: 1, text_item: { text: 'hi' } }],
    };
    expect(messageFingerprint({ ...base, seq: 1 })).not.toBe(
      messageFingerprint({ ...base, seq: 2 }),
    );
    expect(messageFingerprint({ ...base, seq: 1 })).toBe(messageFingerprint({ ...base, seq: 1 }));
  });
});
