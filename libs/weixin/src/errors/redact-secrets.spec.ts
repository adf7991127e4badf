import { REDACTED, redactSecrets, redactSnippet, redactUrl } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('masks secret JSON fields, arrays, query parameters, bearer tokens and URL queries', () => {
    const text =
      '{"bot_token":"tok\\"en-1","context_token":"ctx-2","typing_ticket":"tk-3","local_token_list":["a","b"],"ok":"visible"} ' +
      'Authorization: Bearer abc.def-4 see http://h.example/ilink/bot/get_qrcode_status?qrcode=qr-5&verify_code=123456 ' +
      'and qrcode=qr-6&x=1';
    const redacted = redactSecrets(text);
    for (const secret of [
      'tok\\"en-1',
      'ctx-2',
      'tk-3',
      '"a","b"',
      'abc.def-4',
      'qr-5',
      '123456',
      'qr-6',
    ]) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('"ok":"visible"');
    expect(redacted).toContain(`Bearer ${REDACTED}`);
    expect(redacted).toContain('http://h.example/ilink/bot/get_qrcode_status?');
  });

  it('cuts snippets and strips URL queries', () => {
    expect(redactSnippet('x'.repeat(500), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(redactUrl('https://a.qq.com/c2c/download?encrypted_query_param=SECRET')).toBe(
      `https://a.qq.com/c2c/download?${REDACTED}`,
    );
    expect(redactUrl('not a url')).toBe(REDACTED);
  });
});

describe('redactSecrets with exact values', () => {
  it('replaces known secret values wherever they appear, also URL- or JSON-escaped', () => {
    const token = 'tok+en/1=';
    const text = `saw ${token} and ${encodeURIComponent(token)} and "quote\\"d-secret" in plain text`;
    const redacted = redactSecrets(text, [token, 'quote"d-secret', 'ab']);
    expect(redacted).not.toContain('tok+en');
    expect(redacted).not.toContain('tok%2Ben');
    expect(redacted).not.toContain('d-secret');
    expect(redacted).toContain(`saw ${REDACTED} and ${REDACTED}`);
    expect(redactSecrets('about ab', ['ab'])).toBe('about ab');
    expect(redactSnippet(`x ${token}`, 200, [token])).toBe(`x ${REDACTED}`);
  });
});
