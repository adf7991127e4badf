import { IlinkHttpStatusError } from 'nestjs-weixin';
import { IlinkTransportError } from 'nestjs-weixin';
import { WeixinHostNotAllowedError } from 'nestjs-weixin';
import { startClientUnderTest, type ClientUnderTest } from './support/client-under-test.js';

describe('IlinkClient QR login against the simulator', () => {
  let t: ClientUnderTest;

  beforeAll(async () => {
    t = await startClientUnderTest();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.sim.control.reset();
  });

  it('creates a QR with a POST carrying only local_token_list and no Authorization', async () => {
    const qr = await t.client.getBotQrcode({ localTokens: ['stored-token-1'] });
    expect(qr.qrcode).toEqual(expect.any(String));
    expect(qr.qrcodeImgContent).toEqual(expect.any(String));
    const [call] = await t.sim.control.calls('get_bot_qrcode');
    expect(call!.method).toBe('POST');
    expect(call!.query).toEqual({ bot_type: '3' });
    expect(call!.body).toEqual({ local_token_list: ['stored-token-1'] });
    expect(call!.headers['authorization']).toBeUndefined();
    expect(call!.headers['authorizationtype']).toBe('ilink_bot_token');
    expect(call!.headers['content-type']).toBe('application/json');
  });

  it('follows wait → scaned_but_redirect → confirmed on the redirect host', async () => {
    await t.sim.control.scriptQrLogin({ steps: ['wait', 'scaned_but_redirect', 'confirmed'] });
    const { qrcode } = await t.client.getBotQrcode();
    expect((await t.client.getQrcodeStatus(qrcode)).status).toBe('wait');
    const redirect = await t.client.getQrcodeStatus(qrcode);
    expect(redirect.status).toBe('scaned_but_redirect');
    expect(redirect.redirect_host).toBe(t.sim.redirectHost);
    const confirmed = await t.client.getQrcodeStatus(qrcode, {
      redirectHost: redirect.redirect_host,
    });
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.bot_token).toEqual(expect.any(String));
    expect(confirmed.ilink_bot_id).toEqual(expect.any(String));
    const polls = await t.sim.control.calls('get_qrcode_status');
    expect(polls.map((call) => call.method)).toEqual(['GET', 'GET', 'GET']);
    expect(Object.keys(polls[0]!.headers)).not.toContain('content-type');
    expect(Object.keys(polls[0]!.headers)).not.toContain('x-wechat-uin');
    expect(polls[0]!.headers['ilink-app-id']).toBe('bot');
    expect(polls[0]!.headers['ilink-app-clientversion']).toBe('132105');
  });

  it('sends the verify code while the server asks for it', async () => {
    await t.sim.control.scriptQrLogin({ steps: ['need_verifycode', 'scaned'], verifyCode: '4711' });
    const { qrcode } = await t.client.getBotQrcode();
    expect((await t.client.getQrcodeStatus(qrcode)).status).toBe('need_verifycode');
    const wrong = await t.client.getQrcodeStatus(qrcode, { verifyCode: '0000' });
    expect(wrong.status).toBe('need_verifycode');
    const right = await t.client.getQrcodeStatus(qrcode, { verifyCode: '4711' });
    expect(right.status).toBe('scaned');
    const polls = await t.sim.control.calls('get_qrcode_status');
    expect(polls.map((call) => call.query['verify_code'])).toEqual([undefined, '0000', '4711']);
  });

  it('maps HTTP 5xx, a reset connection, a malformed body and its own deadline to wait', async () => {
    const { qrcode } = await t.client.getBotQrcode();
    const endpoint = 'get_qrcode_status';
    await t.sim.control.fault({ endpoint, kind: 'http-error', status: 502 });
    expect(await t.client.getQrcodeStatus(qrcode)).toEqual({ status: 'wait' });
    await t.sim.control.fault({ endpoint, kind: 'reset' });
    expect(await t.client.getQrcodeStatus(qrcode)).toEqual({ status: 'wait' });
    await t.sim.control.fault({ endpoint, kind: 'malformed-json' });
    expect(await t.client.getQrcodeStatus(qrcode)).toEqual({ status: 'wait' });
    await t.sim.control.fault({ endpoint, kind: 'slow', delayMs: 5_000 });
    expect(await t.client.getQrcodeStatus(qrcode, { timeoutMs: 200 })).toEqual({ status: 'wait' });
    expect(await t.sim.control.calls(endpoint)).toHaveLength(4);
  });

  it('throws on HTTP 4xx and on a caller abort instead of answering wait', async () => {
    const { qrcode } = await t.client.getBotQrcode();
    await t.sim.control.fault({ endpoint: 'get_qrcode_status', kind: 'http-error', status: 404 });
    await expect(t.client.getQrcodeStatus(qrcode)).rejects.toBeInstanceOf(IlinkHttpStatusError);
    await t.sim.control.fault({ endpoint: 'get_qrcode_status', kind: 'slow', delayMs: 5_000 });
    const controller = new AbortController();
    const pending = t.client.getQrcodeStatus(qrcode, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    await expect(pending).rejects.toBeInstanceOf(IlinkTransportError);
  });

  it('refuses a redirect host outside the allow-list before any request', async () => {
    const { qrcode } = await t.client.getBotQrcode();
    await expect(
      t.client.getQrcodeStatus(qrcode, { redirectHost: 'attacker.example.com' }),
    ).rejects.toBeInstanceOf(WeixinHostNotAllowedError);
    await expect(
      t.client.getQrcodeStatus(qrcode, { redirectHost: `${t.sim.redirectHost}/x?y=1` }),
    ).rejects.toBeInstanceOf(WeixinHostNotAllowedError);
    expect(await t.sim.control.calls('get_qrcode_status')).toHaveLength(0);
  });
});
