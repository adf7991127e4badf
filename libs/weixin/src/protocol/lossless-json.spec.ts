import { parseIlinkJson, quoteUint64Ids, unquoteUint64Ids } from './lossless-json.js';

const BIG = '18446744073709551615';
const BIG2 = '9007199254740993';

describe('parseIlinkJson', () => {
  it('keeps message_id, msg_id and svr_id above 2^53 exact', () => {
    const text = `{"msgs":[{"message_id":${BIG},"item_list":[{"msg_id":${BIG2},"ref_msg":{"svr_id":${BIG}}}]}]}`;
    const parsed = parseIlinkJson(text) as any;
    expect(parsed.msgs[0].message_id).toBe(BIG);
    expect(parsed.msgs[0].item_list[0].msg_id).toBe(BIG2);
    expect(parsed.msgs[0].item_list[0].ref_msg.svr_id).toBe(BIG);
    expect(String(JSON.parse(text).msgs[0].message_id)).not.toBe(BIG);
  });

  it('handles nested ref_msg with its own message_item msg_id', () => {
    const text = `{"ref_msg":{"title":"t","message_item":{"type":1,"msg_id":${BIG},"ref_msg":{"svr_id":${BIG2}}}}}`;
    const parsed = parseIlinkJson(text) as any;
    expect(parsed.ref_msg.message_item.msg_id).toBe(BIG);
    expect(parsed.ref_msg.message_item.ref_msg.svr_id).toBe(BIG2);
  });

  it('quotes negative ids and ids surrounded by whitespace', () => {
    const parsed = parseIlinkJson(
      `{ "message_id" \n:\t -${BIG} , "msg_id":0, "svr_id" :   ${BIG2}\r\n}`,
    ) as any;
    expect(parsed).toEqual({ message_id: `-${BIG}`, msg_id: '0', svr_id: BIG2 });
  });

  it('leaves the key names alone when they appear inside string values', () => {
    const text = `{"text":"\\"message_id\\": ${BIG}","title":"msg_id: ${BIG}","note":"\\"svr_id\\":1"}`;
    const parsed = parseIlinkJson(text) as any;
    expect(parsed.text).toBe(`"message_id": ${BIG}`);
    expect(parsed.title).toBe(`msg_id: ${BIG}`);
    expect(parsed.note).toBe('"svr_id":1');
    expect(quoteUint64Ids(text)).toBe(text);
  });

  it('treats a key after an escaped backslash at the end of a string as a real key', () => {
    const parsed = parseIlinkJson(`{"path":"C:\\\\","message_id":${BIG}}`) as any;
    expect(parsed.path).toBe('C:\\');
    expect(parsed.message_id).toBe(BIG);
  });

  it('does not touch other keys ending in _id, other numbers, or non-integer values', () => {
    const parsed = parseIlinkJson(
      `{"client_id":"c","session_id":5,"to_user_id":"u","message_id":"${BIG}","msg_id":1.5,"svr_id":2e3,"seq":${BIG2},"x_message_id":7}`,
    ) as any;
    expect(parsed).toEqual({
      client_id: 'c',
      session_id: 5,
      to_user_id: 'u',
      message_id: BIG,
      msg_id: 1.5,
      svr_id: 2000,
      seq: Number(BIG2),
      x_message_id: 7,
    });
  });

  it('handles keys with unicode escapes and non-ASCII text around ids', () => {
    const parsed = parseIlinkJson(`{"text":"你好 \\u00e9","message_id":${BIG},"t2":"😀"}`) as any;
    expect(parsed).toEqual({ text: '你好 é', message_id: BIG, t2: '😀' });
  });

  it('answers the same value as JSON.parse for bodies without ids', () => {
    const text = '{"ret":0,"msgs":[],"get_updates_buf":"abc","longpolling_timeout_ms":35000}';
    expect(parseIlinkJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps ids exact where the parsed order differs from the text (integer-like keys)', () => {
    // `JSON.parse` puts "7" first: a walk in its order would meet BIG2's key before BIG's.
    const text = `{"message_id":${BIG},"7":{"msg_id":${BIG2}}}`;
    expect(Object.keys(JSON.parse(text))).toEqual(['7', 'message_id']);
    expect(parseIlinkJson(text)).toEqual({ message_id: BIG, 7: { msg_id: BIG2 } });
  });

  it('keeps the last of duplicate keys exact, as JSON.parse keeps the last value', () => {
    expect(parseIlinkJson(`{"msg_id":${BIG},"a":{"svr_id":${BIG2}},"msg_id":${BIG2}}`)).toEqual({
      msg_id: BIG2,
      a: { svr_id: BIG2 },
    });
    expect(
      parseIlinkJson(`{"a":{"msg_id":${BIG}},"a":{"msg_id":${BIG2}},"svr_id":${BIG}}`),
    ).toEqual({ a: { msg_id: BIG2 }, svr_id: BIG });
    expect(parseIlinkJson(`{"msg_id":${BIG},"msg_id":"x"}`)).toEqual({ msg_id: 'x' });
  });

  it('keeps every id of a large body exact, in arrays at any depth', () => {
    const ids = Array.from({ length: 500 }, (_, i) => (2n ** 63n + BigInt(i) * 7919n).toString());
    const text = JSON.stringify({
      msgs: ids.map((_, i) => ({
        seq: i,
        message_id: `@${i}`,
        item_list: [[{ msg_id: `@${i}` }]],
      })),
    }).replace(/"@(\d+)"/g, (_, i: string) => ids[Number(i)]!);
    const parsed = parseIlinkJson(text) as {
      msgs: { message_id: string; item_list: { msg_id: string }[][] }[];
    };
    expect(parsed.msgs.map((m) => m.message_id)).toEqual(ids);
    expect(parsed.msgs.map((m) => m.item_list[0]![0]!.msg_id)).toEqual(ids);
  });

  it('keeps ids exact in a body nested deeper than a recursive walk can go', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + `{"msg_id":${BIG}}` + ']'.repeat(depth);
    let inner = parseIlinkJson(text);
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toEqual({ msg_id: BIG });
  });

  it('parses a top-level array or value', () => {
    expect(parseIlinkJson(`[{"svr_id":${BIG}},{"svr_id":1.5}]`)).toEqual([
      { svr_id: BIG },
      { svr_id: 1.5 },
    ]);
    expect(parseIlinkJson('7')).toBe(7);
  });

  it('throws SyntaxError on text that is not JSON', () => {
    expect(() => parseIlinkJson('{"message_id":')).toThrow(SyntaxError);
    expect(() => parseIlinkJson('not json')).toThrow(SyntaxError);
    expect(() => parseIlinkJson('')).toThrow(SyntaxError);
  });
});

describe('unquoteUint64Ids', () => {
  it('writes the uint64 ids of object keys as bare integers and leaves text alone', () => {
    const body = JSON.stringify({
      msg: {
        item_list: [
          {
            text_item: { text: '{"svr_id":"1"},"msg_id":"2"' },
            ref_msg: { svr_id: '18446744073709551615', title: 'x' },
          },
        ],
      },
    });
    const out = unquoteUint64Ids(body);
    expect(out).toContain('"ref_msg":{"svr_id":18446744073709551615,');
    expect(
      JSON.parse(out.replace('18446744073709551615', '0')).msg.item_list[0].text_item.text,
    ).toBe('{"svr_id":"1"},"msg_id":"2"');
    expect(parseIlinkJson(out)).toEqual({
      msg: {
        item_list: [
          {
            text_item: { text: '{"svr_id":"1"},"msg_id":"2"' },
            ref_msg: { svr_id: '18446744073709551615', title: 'x' },
          },
        ],
      },
    });
  });
});
