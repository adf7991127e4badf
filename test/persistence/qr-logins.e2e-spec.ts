import type { WeixinAccountsService } from 'nestjs-weixin';
import type { IlinkClient } from 'nestjs-weixin';
import {
  LOGIN_DEFAULTS,
  QrLoginStore,
  type AccountStatusStore,
  type ResolvedWeixinOptions,
} from 'nestjs-weixin/internal';
import { WeixinLoginError } from 'nestjs-weixin';
import { WeixinLoginService } from 'nestjs-weixin';
import { openStore, rows, type StoreFixture } from './store.fixture.js';

const QR_ID = 'secret-qrcode-id-0123456789';

/** A client whose QR codes never get scanned, or whose QR requests fail (`failing`). */
function client(failing: boolean): IlinkClient {
  return {
    getBotQrcode: () =>
      failing
        ? Promise.reject(new Error('no QR today'))
        : Promise.resolve({ qrcode: QR_ID, qrcodeImgContent: 'https://example.invalid/qr' }),
    getQrcodeStatus: (_qr: string, o: { signal?: AbortSignal }) =>
      new Promise((_ok, fail) => o.signal?.addEventListener('abort', () => fail(o.signal?.reason))),
  } as unknown as IlinkClient;
}

describe('WeixinLoginService on Postgres: limits, expiry of a dead replica, secrets', () => {
  let f: StoreFixture;
  const services: WeixinLoginService[] = [];

  beforeAll(async () => {
    f = await openStore('weixin_qr_logins');
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.beforeApplicationShutdown()));
    await f.close();
  });
  beforeEach(() => f.sql.query('TRUNCATE weixin_login'));

  function service(failing: boolean, replicaId = 'r1'): WeixinLoginService {
    const statuses = { localTokens: () => Promise.resolve([]) } as unknown as AccountStatusStore;
    const s = new WeixinLoginService(
      {
        baseUrl: 'https://ilinkai.weixin.qq.com',
        leases: { replicaId },
      } as ResolvedWeixinOptions,
      client(failing),
      {} as WeixinAccountsService,
      statuses,
      new QrLoginStore(f.dataSource, f.cipher),
    );
    services.push(s);
    return s;
  }

  it('refuses a login beyond maxActiveLogins over all replicas until one finishes', async () => {
    const a = service(false, 'r1');
    const b = service(false, 'r2');
    const first = await a.start({ maxActiveLogins: 2 });
    await b.start({ maxActiveLogins: 2 });
    await expect(a.start({ maxActiveLogins: 2 })).rejects.toBeInstanceOf(WeixinLoginError);
    await expect(b.start({ maxActiveLogins: 2 })).rejects.toMatchObject({
      code: 'WEIXIN_LOGIN_LIMIT',
    });
    await b.cancel(first.loginId);
    expect((await b.start({ maxActiveLogins: 2 })).final).toBe(false);
    await a.beforeApplicationShutdown();
    await b.beforeApplicationShutdown();
  });

  it('keeps at most maxKnownLogins, forgetting the oldest finished ones', async () => {
    const logins = service(true);
    const ids: string[] = [];
    for (let i = 0; i < LOGIN_DEFAULTS.maxKnownLogins + 5; i++) {
      const s = await logins.start();
      expect(s.final).toBe(true);
      ids.push(s.loginId);
    }
    expect(await logins.list()).toHaveLength(LOGIN_DEFAULTS.maxKnownLogins);
    await expect(logins.get(ids[0]!)).rejects.toBeInstanceOf(WeixinLoginError);
    expect((await logins.get(ids.at(-1)!)).loginId).toBe(ids.at(-1));
  });

  it('fails a login whose replica stopped holding it, and stores no QR id', async () => {
    const a = service(false, 'r1');
    const started = await a.start();
    const [row] = await rows<{ all: string }>(
      f.sql,
      'SELECT row_to_json(l)::text AS all FROM weixin_login l WHERE id = $1',
      [started.loginId],
    );
    expect(row!.all).not.toContain(QR_ID);
    // The replica dies (its hold is not renewed any more).
    await f.sql.query(`UPDATE weixin_login SET owner = 'dead', held_until = now() - interval '1s'`);
    const seen = await service(false, 'r2').get(started.loginId);
    expect(seen).toMatchObject({ status: 'failed', final: true, failure: 'replica-lost' });
    await a.beforeApplicationShutdown();
  });
});
