import type { WeixinAccountView } from 'nestjs-weixin';
import { isStaleSandboxAccount } from './sandbox-cleanup.js';

const account = (baseUrl: string | null): WeixinAccountView => ({
  id: 'x@im.bot',
  state: 'active',
  baseUrl,
  cdnBaseUrl: null,
  ownerUserId: null,
  lastPollAt: null,
  lastError: null,
});

describe('isStaleSandboxAccount', () => {
  const now = 'http://127.0.0.1:41000/';
  it('is true for a loopback simulator of another run', () => {
    expect(isStaleSandboxAccount(account('http://127.0.0.1:39999/'), now)).toBe(true);
    expect(isStaleSandboxAccount(account('http://localhost:41000/'), now)).toBe(true);
  });
  it('is false for the current simulator, a real server, or no base URL', () => {
    expect(isStaleSandboxAccount(account('http://127.0.0.1:41000/'), now)).toBe(false);
    expect(isStaleSandboxAccount(account('https://ilinkai.weixin.qq.com'), now)).toBe(false);
    expect(isStaleSandboxAccount(account(null), now)).toBe(false);
    expect(isStaleSandboxAccount(account('not a url'), now)).toBe(false);
  });
});
