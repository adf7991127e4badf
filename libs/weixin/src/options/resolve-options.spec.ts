import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { tmpdir } from 'node:os';
import type { WeixinModuleOptions } from '../interfaces/weixin-module-options.interface.js';
import { optionsFromEnv, resolveOptions, withEnvironment } from './resolve-options.js';
import { WEIXIN_MODULE_DEFAULTS as D } from './weixin-module.defaults.js';

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

describe('resolveOptions', () => {
  const encryption = { keys: { k1: KEY }, currentKeyId: 'k1' };
  const problemsOf = (input: WeixinModuleOptions): string => {
    try {
      resolveOptions(input);
    } catch (err) {
      expect(err).toBeInstanceOf(WeixinConfigError);
      return (err as Error).message;
    }
    throw new Error('resolveOptions accepted the options');
  };

  it('fills every field not given from the defaults table', () => {
    const o = resolveOptions({ encryption });
    expect(o).toMatchObject({
      accounts: [],
      baseUrl: D.baseUrl,
      cdnBaseUrl: D.cdnBaseUrl,
      botType: D.botType,
      botAgent: D.botAgent,
      allowedHosts: [],
      polling: D.polling,
      dispatch: D.dispatch,
      inbox: D.inbox,
      leases: D.leases,
      send: D.send,
      typing: D.typing,
      media: { ...D.media, tempDir: tmpdir() },
    });
    expect(o.leases.replicaId).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
    expect(o.leases.maxAccounts).toBeUndefined();
  });

  it('keeps every value given', () => {
    const o = resolveOptions({
      encryption,
      polling: { longPollTimeoutMs: 1_000, enabled: false },
      dispatch: { concurrency: 2, drainTimeoutMs: 1_000 },
      leases: { ttlMs: 9_000, renewIntervalMs: 1_000, maxAccounts: 4, replicaId: 'r1' },
      send: { quota: 5, overflow: 'reject', markdown: 'plain', outbox: { reserve: 0 } },
      typing: { graceMs: 0, keepAliveMs: 7 },
      media: { allowedSourceHosts: ['cdn.example.com'], decodeVoice: false },
    });
    expect(o.polling).toMatchObject({ longPollTimeoutMs: 1_000, enabled: false });
    expect(o.dispatch).toMatchObject({ concurrency: 2, drainTimeoutMs: 1_000 });
    expect(o.leases).toEqual({
      ttlMs: 9_000,
      renewIntervalMs: 1_000,
      maxAccounts: 4,
      replicaId: 'r1',
    });
    expect(o.send).toMatchObject({ quota: 5, overflow: 'reject', markdown: 'plain' });
    expect(o.send.outbox.reserve).toBe(0);
    expect(o.typing).toMatchObject({ graceMs: 0, keepAliveMs: 7 });
    expect(o.media).toMatchObject({ allowedSourceHosts: ['cdn.example.com'], decodeVoice: false });
  });

  it('shortens the default drain so leases outlive it', () => {
    const o = resolveOptions({ encryption, leases: { ttlMs: 3_000, renewIntervalMs: 300 } });
    expect(o.dispatch.drainTimeoutMs).toBe(3_000 - 300 - 500);
    const tiny = resolveOptions({ encryption, leases: { ttlMs: 400, renewIntervalMs: 300 } });
    expect(tiny.dispatch.drainTimeoutMs).toBe(100);
  });

  it('lists every invalid field at once, each with its fix', () => {
    const message = problemsOf({
      baseUrl: 'ftp://example.com',
      accounts: [
        { id: 'a', token: 't' },
        { id: 'a', token: ' ' },
      ],
      encryption: { keys: { k1: KEY }, currentKeyId: 'k2' },
      polling: { longPollTimeoutMs: -1 },
      dispatch: { concurrency: 1.5, drainTimeoutMs: 20_000 },
      inbox: { retentionMs: 3_600_000 },
      leases: { ttlMs: 5_000, renewIntervalMs: 5_000 },
      typing: { enabled: 'yes' as unknown as boolean },
      send: {
        quota: 3,
        overflow: 'drop' as 'queue',
        maxTextBytes: 20_000,
        maxTextChars: 8,
        outbox: { reserve: 3 },
      },
      media: { decodeVoice: 1 as unknown as boolean, tempDir: '' },
    });
    for (const fragment of [
      'baseUrl must be an absolute http(s) URL',
      'accounts contains the id "a" twice',
      'accounts[1].token is required',
      'encryption.currentKeyId "k2"',
      'polling.longPollTimeoutMs must be a positive integer (got -1)',
      'dispatch.concurrency must be a positive integer (got 1.5)',
      'dispatch.drainTimeoutMs must be less than leases.ttlMs - leases.renewIntervalMs',
      'inbox.retentionMs must be at least 86400000',
      'leases.renewIntervalMs must be less than leases.ttlMs',
      'typing.enabled must be true or false',
      "send.overflow must be one of 'queue', 'truncate', 'reject'",
      'send.maxTextBytes must be at most 16384',
      'send.maxTextChars must be at least 16',
      'send.outbox.reserve must be less than send.quota',
      'media.decodeVoice must be true or false',
      'media.tempDir is required',
    ]) {
      expect(message).toContain(fragment);
    }
  });

  it('names the missing encryption', () => {
    expect(problemsOf({})).toContain('encryption is required');
  });
});
