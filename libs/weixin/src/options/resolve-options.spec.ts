import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { optionsFromEnv, resolveOptions, withEnvironment } from './resolve-options.js';

const KEY = Buffer.alloc(32, 3).toString('base64');
const ENV = {
  WEIXIN_ACCOUNT_ID: 'bot-1@im.bot',
  WEIXIN_BOT_TOKEN: 'bot-1@im.bot:secret',
  WEIXIN_BASE_URL: 'http://127.0.0.1:9/',
  WEIXIN_ENCRYPTION_KEY: KEY,
};

describe('withEnvironment', () => {
  it('fills every field not given from WEIXIN_* (forRoot({ isGlobal: true }) has none)', () => {
    const merged = withEnvironment({}, ENV);
    expect(merged.accounts).toEqual([{ id: 'bot-1@im.bot', token: 'bot-1@im.bot:secret' }]);
    expect(merged.baseUrl).toBe('http://127.0.0.1:9/');
    expect(merged.encryption).toEqual({ keys: { k1: KEY }, currentKeyId: 'k1' });
    expect(() => resolveOptions(merged)).not.toThrow();
  });

  it('keeps every field given, even when the environment sets it too', () => {
    const accounts = [{ id: 'mine', token: 'mine:t' }];
    const merged = withEnvironment({ accounts, baseUrl: 'http://127.0.0.1:8/' }, ENV);
    expect(merged.accounts).toBe(accounts);
    expect(merged.baseUrl).toBe('http://127.0.0.1:8/');
    expect(merged.encryption?.currentKeyId).toBe('k1');
  });

  it('adds nothing the environment does not set', () => {
    expect(withEnvironment({ botType: '3' }, {})).toEqual({ botType: '3' });
    expect(optionsFromEnv({ WEIXIN_BASE_URL: '' }).baseUrl).toBeUndefined();
  });

  it('still names the missing encryption key when neither gives it', () => {
    expect(() => resolveOptions(withEnvironment({}, {}))).toThrow(WeixinConfigError);
    expect(() => resolveOptions(withEnvironment({}, {}))).toThrow(/encryption/);
  });
});
