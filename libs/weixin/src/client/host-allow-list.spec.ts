import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';
import { HostAllowList } from './host-allow-list.js';
import { ILINK_CLIENT_DEFAULTS } from './ilink-client.defaults.js';
import { isBareHost, joinUrl } from './ilink-url.js';

/** One test per `[url, allowed]` case: whether `list` allows the URL. */
function itAllows(list: HostAllowList, cases: [url: string, allowed: boolean][]): void {
  it.each(cases)('%s allowed: %p', (url, allowed) => {
    expect(list.allows(new URL(url))).toBe(allowed);
  });
}

describe('HostAllowList', () => {
  const list = new HostAllowList([
    '127.0.0.1:8080',
    '*.weixin.qq.com',
    'exact.example.com',
    '[::1]:9',
  ]);

  itAllows(list, [
    ['http://127.0.0.1:8080/x', true],
    ['http://127.0.0.1:8081/x', false],
    ['https://ilinkai.weixin.qq.com/x', true],
    ['https://a.b.weixin.qq.com:8443/x', true],
    ['https://weixin.qq.com/x', false],
    ['https://evilweixin.qq.com/x', false],
    ['https://weixin.qq.com.evil.com/x', false],
    ['https://EXACT.example.com./x', true],
    ['https://sub.exact.example.com/x', false],
    ['http://[::1]:9/x', true],
    ['ftp://exact.example.com/x', false],
  ]);

  it('throws WeixinHostNotAllowedError naming the host', () => {
    expect(() => list.assert(new URL('https://evil.example.com/a?token=x'))).toThrow(
      WeixinHostNotAllowedError,
    );
    expect(() => list.assert(new URL('https://evil.example.com/a?token=x'))).toThrow(
      /evil\.example\.com/,
    );
    expect(() => list.assert(new URL('file:///etc/passwd'))).toThrow(WeixinHostNotAllowedError);
  });
});

describe('HostAllowList with configured origins and the built-in entries', () => {
  const list = new HostAllowList(
    [
      ...ILINK_CLIENT_DEFAULTS.allowedHosts,
      'media.example.com',
      'Pinned.Example.org:8443',
      '[::1]',
    ],
    {
      origins: [new URL('http://127.0.0.1:8787/'), new URL('https://API.Example.net/base')],
      secureOnlyEntries: ILINK_CLIENT_DEFAULTS.allowedHosts,
    },
  );

  itAllows(list, [
    // Configured origins: exactly their scheme, host and port.
    ['http://127.0.0.1:8787/ilink/bot/getupdates', true],
    ['https://127.0.0.1:8787/x', false],
    ['http://127.0.0.1:8788/x', false],
    ['https://api.example.net/x', true],
    ['https://api.example.net:443/x', true],
    ['https://API.EXAMPLE.NET./x', true],
    ['http://api.example.net/x', false],
    // Built-in Tencent entries: https on port 443 only.
    ['https://ilinkai.weixin.qq.com/x', true],
    ['https://ILINKAI.Weixin.QQ.com./x', true],
    ['https://novac2c.cdn.weixin.qq.com:443/c2c', true],
    ['http://ilinkai.weixin.qq.com/x', false],
    ['http://ilinkai.weixin.qq.com:443/x', false],
    ['https://ilinkai.weixin.qq.com:8443/x', false],
    ['https://evil-weixin.qq.com.attacker.net/x', false],
    // Explicit entries: what they say; no port = any port, http or https.
    ['http://media.example.com:8080/a', true],
    ['https://MEDIA.example.com./a', true],
    ['https://pinned.example.org:8443/a', true],
    ['https://pinned.example.org/a', false],
    ['http://[::1]:9/x', true],
    ['http://[0:0:0:0:0:0:0:1]/x', true],
    ['http://[::2]/x', false],
    // Credentials are always refused.
    ['https://user@ilinkai.weixin.qq.com/x', false],
    ['http://user:pw@127.0.0.1:8787/x', false],
    ['http://user@media.example.com/x', false],
  ]);

  it('says why it refused', () => {
    expect(() => list.assert(new URL('http://ilinkai.weixin.qq.com/x'))).toThrow(
      /https on port 443/,
    );
    expect(() => list.assert(new URL('https://u:p@media.example.com/x'))).toThrow(/credentials/);
    expect(() => list.assert(new URL('https://u:p@media.example.com/x'))).not.toThrow(/u:p/);
    expect(() => list.assert(new URL('https://other.example.com/x'))).toThrow(
      WeixinHostNotAllowedError,
    );
  });

  it.each([
    'http://x.example.com',
    'x.example.com/',
    'x.example.com:0',
    'x.example.com:70000',
    'user@x.example.com',
    '*',
    '*.[::1]',
    'a..b',
    ' ',
  ])('refuses the entry %p with WeixinConfigError naming it', (entry) => {
    const build = () => new HostAllowList([entry]);
    expect(build).toThrow(WeixinConfigError);
    expect(build).toThrow(JSON.stringify(entry));
  });
});

describe('joinUrl', () => {
  it('keeps a base path prefix and encodes query values like encodeURIComponent', () => {
    expect(joinUrl('https://h.example/prefix', 'ilink/bot/getupdates').href).toBe(
      'https://h.example/prefix/ilink/bot/getupdates',
    );
    expect(joinUrl('https://h.example/prefix/', 'ilink/bot/getupdates').href).toBe(
      'https://h.example/prefix/ilink/bot/getupdates',
    );
    expect(
      joinUrl('https://h.example/c2c', 'upload', { encrypted_query_param: 'a+b/c= d~' }).href,
    ).toBe('https://h.example/c2c/upload?encrypted_query_param=a%2Bb%2Fc%3D%20d~');
  });
});

describe('isBareHost', () => {
  it.each([
    ['sh.ilinkai.weixin.qq.com', true],
    ['127.0.0.1:8787', true],
    ['[::1]:80', true],
    ['https://x.qq.com', false],
    ['x.qq.com/path', false],
    ['user@x.qq.com', false],
    ['x.qq.com:99999', false],
    ['', false],
  ])('%p → %p', (value, bare) => {
    expect(isBareHost(value)).toBe(bare);
  });
});
