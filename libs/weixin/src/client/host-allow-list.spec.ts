import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';
import { HostAllowList } from './host-allow-list.js';
import { isBareHost, joinUrl } from './ilink-url.js';

describe('HostAllowList', () => {
  const list = new HostAllowList([
    '127.0.0.1:8080',
    '*.weixin.qq.com',
    'exact.example.com',
    '[::1]:9',
  ]);

  it.each([
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
  ])('%s allowed: %p', (url, allowed) => {
    expect(list.allows(new URL(url))).toBe(allowed);
  });

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
