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

  it('hashes the same text as the fingerprints already stored (their dedupe keeps working)', () => {
    // Pinned from the former implementation (SHA-256 of JSON.stringify of nested arrays).
    const media: WeixinMessage = {
      from_user_id: 'u@im.wechat',
      create_time_ms: 1761134400123,
      item_list: [
        { type: 2, image_item: { media: { encrypt_query_param: 'p=1&q=2' }, aeskey: 'k' } },
        { type: 3, voice_item: { media: { encrypt_query_param: 'v' } } },
        {
          type: 4,
          file_item: {
            media: { encrypt_query_param: 'f' },
            file_name: 'a.pdf',
            md5: 'm',
            len: '10',
          },
        },
        { type: 5, video_item: { media: { encrypt_query_param: 'vid' }, video_md5: 'vm' } },
        {
          type: 1,
          tool_call_start_item: { tool_call_id: 't1' },
          tool_call_result_item: { tool_call_id: 't2' },
        },
        {
          type: 1,
          text_item: { text: 'q' },
          ref_msg: {
            svr_id: '100',
            title: 'T',
            message_item: {
              type: 1,
              msg_id: '5',
              text_item: { text: 'inner' },
              ref_msg: { svr_id: '7' },
            },
          },
        },
      ],
    };
    const pinned: [WeixinMessage, string][] = [
      [
        text({}, 'hello "quoted" \\ 中文 \u2028'),
        '99eae80b86c01e2e771bbac2c899ee3cb1bcf9019cddbb2797c85f41e1e5c721',
      ],
      [media, 'f8b4f66b992ae8b8b9f317b03286b71ae315d0322b33aeaadaf928398c32caf9'],
      [
        {
          message_id: '42',
          from_user_id: 'u@im.wechat',
          item_list: [{ type: 1, msg_id: '9', text_item: { text: 'x' } }],
        },
        '647c8de6a06620033ea04f6298150e08c90320bfc1ea2d4d61cd69661972910a',
      ],
      [
        { client_id: 'c1', seq: 3, from_user_id: 'u@im.wechat' },
        '0459adb86add92d1436063235a99855af1dbf0fb10f9eb17886d744fd20b9987',
      ],
      [
        {
          from_user_id: 'u@im.wechat',
          item_list: [
            { type: 1, msg_id: '', text_item: { text: 'a' } },
            { type: 1, msg_id: '77', text_item: { text: 'b' } },
          ],
        },
        'dfbd0a1ba8708db53fd1ce8bf772155131c1cef9386abc2ace0108dc9e7055a6',
      ],
      [{}, 'b812db3411b195d6d76f6e868313ece0281721c92b4c116d1e9169888fd72c7d'],
    ];
    for (const [msg, fingerprint] of pinned) expect(messageFingerprint(msg)).toBe(fingerprint);
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
