import { parseWireJson, quoteUint64Ids, stringifyWire } from './uint64-json.js';

describe('uint64 JSON', () => {
  it('writes bigints as bare digits and drops undefined members', () => {
    const text = stringifyWire({
      message_id: 18446744073709551615n,
      a: undefined,
      b: [1, 'x', null],
    });
    expect(text).toBe('{"message_id":18446744073709551615,"b":[1,"x",null]}');
  });

  it('quotes the integer values of id keys only, never text inside strings', () => {
    const text =
      '{"message_id": 18446744073709551615,"seq":9007199254740993,"note":"\\"msg_id\\":5",' +
      '"item":{"msg_id":-12,"svr_id":1.5}}';
    expect(quoteUint64Ids(text)).toBe(
      '{"message_id": "18446744073709551615","seq":9007199254740993,"note":"\\"msg_id\\":5",' +
        '"item":{"msg_id":"-12","svr_id":1.5}}',
    );
    const parsed = parseWireJson(text) as { message_id: string };
    expect(parsed.message_id).toBe('18446744073709551615');
  });
});
