import type { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { IlinkClient } from '../client/index.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { AccountStatusStore } from '../persistence/account-status.store.js';
import { LOGIN_DEFAULTS } from './login.constants.js';
import { WeixinLoginError } from './weixin-login.error.js';
import { WeixinLoginService } from './weixin-login.service.js';

/** A client whose QR codes never get scanned, or whose QR requests fail (`failing`). */
function client(failing: boolean): IlinkClient {
  return {
    getBotQrcode: () =>
      failing
        ? Promise.reject(new Error('no QR today'))
        : Promise.resolve({ qrcode: 'q', qrcodeImgContent: 'https://example.invalid/qr' }),
    getQrcodeStatus: (_qr: string, o: { signal?: AbortSignal }) =>
      new Promise((_ok, fail) => o.signal?.addEventListener('abort', () => fail(o.signal?.reason))),
  } as unknown as IlinkClient;
}

function service(failing: boolean): WeixinLoginService {
  const store = { localTokens: () => Promise.resolve([]) } as unknown as AccountStatusStore;
  return new WeixinLoginService(
    { baseUrl: 'https://ilinkai.weixin.qq.com' } as ResolvedWeixinOptions,
    client(failing),
    {} as WeixinAccountsService,
    store,
  );
}

describe('WeixinLoginService limits', () => {
  it('refuses a login beyond maxActiveLogins until one finishes', async () => {
    const logins = service(false);
    const first = await logins.start({ maxActiveLogins: 2 });
    await logins.start({ maxActiveLogins: 2 });
    const refused = logins.start({ maxActiveLogins: 2 });
    await expect(refused).rejects.toBeInstanceOf(WeixinLoginError);
    await expect(logins.start({ maxActiveLogins: 2 })).rejects.toMatchObject({
      code: 'WEIXIN_LOGIN_LIMIT',
    });
    await logins.cancel(first.loginId);
    expect((await logins.start({ maxActiveLogins: 2 })).final).toBe(false);
    await logins.beforeApplicationShutdown();
  });

  it('keeps at most maxKnownLogins, forgetting the oldest finished ones', async () => {
    const logins = service(true);
    const ids: string[] = [];
    for (let i = 0; i < LOGIN_DEFAULTS.maxKnownLogins + 5; i++) {
      const s = await logins.start();
      expect(s.final).toBe(true);
      ids.push(s.loginId);
    }
    expect(logins.list()).toHaveLength(LOGIN_DEFAULTS.maxKnownLogins);
    expect(() => logins.get(ids[0]!)).toThrow(WeixinLoginError);
    expect(logins.get(ids.at(-1)!).loginId).toBe(ids.at(-1));
  });
});
