import { startSimulator, type IlinkSimulator } from '../index.js';
import { ilinkGet, ilinkPost, notifyStart, type RawAnswer } from '../testing/raw-ilink.js';

describe('QR login', () => {
  let sim: IlinkSimulator;

  const newQr = async (): Promise<string> => {
    const answer = await ilinkPost(sim.baseUrl, 'get_bot_qrcode?bot_type=3', {
      local_token_list: [],
    });
    expect(answer.json.qrcode_img_content).toEqual(expect.stringMatching(/^http:\/\//));
    return answer.json.qrcode as string;
  };
  const status = (qrcode: string, base = sim.baseUrl, verifyCode?: string): Promise<RawAnswer> =>
    ilinkGet(
      base,
      `ilink/bot/get_qrcode_status?qrcode=${encodeURIComponent(qrcode)}${
        verifyCode === undefined ? '' : `&verify_code=${encodeURIComponent(verifyCode)}`
      }`,
    );

  beforeAll(async () => {
    sim = await startSimulator({ qrPollHoldMs: 150 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('follows the default script: held wait, scaned, confirmed with working credentials', async () => {
    const qrcode = await newQr();
    const started = Date.now();
    expect((await status(qrcode)).json).toEqual({ status: 'wait' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await status(qrcode)).json).toEqual({ status: 'scaned' });
    const confirmed = (await status(qrcode)).json;
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      baseurl: sim.baseUrl,
      bot_token: expect.any(String),
      ilink_bot_id: expect.stringMatching(/^[0-9a-f]{12}@im\.bot$/),
      ilink_user_id: expect.stringMatching(/@im\.wechat$/),
    });
    const notify = await notifyStart(sim.baseUrl, confirmed.bot_token as string);
    expect(notify.json.ret).toBe(0);
  });

  it('accepts the legacy GET and requires bot_type=3 and the app headers', async () => {
    const legacy = await ilinkGet(sim.baseUrl, 'ilink/bot/get_bot_qrcode?bot_type=3');
    expect(legacy.json.qrcode).toEqual(expect.any(String));
    const noType = await ilinkPost(sim.baseUrl, 'get_bot_qrcode', { local_token_list: [] });
    expect(noType.json.ret).toBe(-2);
    const noHeaders = await ilinkGet(sim.baseUrl, `ilink/bot/get_qrcode_status?qrcode=x`, {});
    expect(noHeaders.json).toEqual({ ret: -2, errmsg: 'missing header iLink-App-Id' });
  });

  it('serves a page at the QR content URL, and 404 for an unknown code', async () => {
    const created = await ilinkGet(sim.baseUrl, 'ilink/bot/get_bot_qrcode?bot_type=3');
    const page = await fetch(String(created.json.qrcode_img_content));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('wait → scaned → confirmed');
    expect((await fetch(`${sim.baseUrl}qr/not-a-code`)).status).toBe(404);
    expect((await fetch(`${sim.baseUrl}qr/%E0%A4%A`)).status).toBe(404);
  });

  it('waits for the right verify code, then continues', async () => {
    await sim.control.scriptQrLogin({
      steps: ['need_verifycode', 'scaned', 'confirmed'],
      verifyCode: '4321',
    });
    const qrcode = await newQr();
    expect((await status(qrcode)).json.status).toBe('need_verifycode');
    expect((await status(qrcode, sim.baseUrl, '1111')).json.status).toBe('need_verifycode');
    expect((await status(qrcode, sim.baseUrl, '4321')).json.status).toBe('scaned');
    expect((await status(qrcode, sim.baseUrl, '4321')).json.status).toBe('confirmed');
  });

  it('blocks the QR after too many wrong codes', async () => {
    await sim.control.scriptQrLogin({
      steps: ['need_verifycode', 'confirmed'],
      verifyCode: '4321',
      maxWrongCodes: 2,
    });
    const qrcode = await newQr();
    expect((await status(qrcode, sim.baseUrl, '1')).json.status).toBe('need_verifycode');
    expect((await status(qrcode, sim.baseUrl, '2')).json.status).toBe('verify_code_blocked');
    expect((await status(qrcode, sim.baseUrl, '4321')).json.status).toBe('verify_code_blocked');
  });

  it('expires, and a new QR takes the next script', async () => {
    await sim.control.scriptQrLogin({ steps: ['expired'] });
    await sim.control.scriptQrLogin({ steps: ['confirmed'] });
    const first = await newQr();
    expect((await status(first)).json.status).toBe('expired');
    expect((await status(first)).json.status).toBe('expired');
    const second = await newQr();
    expect((await status(second)).json.status).toBe('confirmed');
    expect((await status('unknown-qr')).json.status).toBe('expired');
  });

  it('redirects to the second listener; the first keeps answering the redirect', async () => {
    await sim.control.scriptQrLogin({ steps: ['scaned_but_redirect', 'scaned', 'confirmed'] });
    const qrcode = await newQr();
    const redirect = (await status(qrcode)).json;
    expect(redirect).toEqual({ status: 'scaned_but_redirect', redirect_host: sim.redirectHost });
    expect(sim.redirectHost).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(sim.redirectHost).not.toBe(new URL(sim.baseUrl).host);
    const otherIdc = `http://${sim.redirectHost}/`;
    expect((await status(qrcode)).json.status).toBe('scaned_but_redirect');
    expect((await status(qrcode, otherIdc)).json.status).toBe('scaned');
    expect((await status(qrcode)).json.status).toBe('scaned_but_redirect');
    const confirmed = (await status(qrcode, otherIdc)).json;
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.baseurl).toBe(sim.baseUrl);
  });

  it('answers binded_redirect without credentials', async () => {
    await sim.control.scriptQrLogin({ steps: ['binded_redirect'] });
    const qrcode = await newQr();
    expect((await status(qrcode)).json).toEqual({ status: 'binded_redirect' });
  });

  it('renews an existing bot: new token, same id, old token -14', async () => {
    const bot = await sim.control.addBot();
    await sim.control.scriptQrLogin({ steps: ['confirmed'], botId: bot.botId });
    const confirmed = (await status(await newQr())).json;
    expect(confirmed.ilink_bot_id).toBe(bot.botId);
    expect(confirmed.ilink_user_id).toBe(bot.ownerUserId);
    expect(confirmed.bot_token).not.toBe(bot.token);
    const old = await notifyStart(sim.baseUrl, bot.token);
    expect(old.json.ret).toBe(-14);
  });

  it('binding a user to a new bot ends the session of the bot that user had', async () => {
    const bot = await sim.control.addBot({ ownerUserId: 'o9cq8owner@im.wechat' });
    await sim.control.scriptQrLogin({ steps: ['confirmed'], ownerUserId: 'o9cq8owner@im.wechat' });
    const confirmed = (await status(await newQr())).json;
    expect(confirmed.ilink_bot_id).not.toBe(bot.botId);
    const old = await notifyStart(sim.baseUrl, bot.token);
    expect(old.json.ret).toBe(-14);
  });

  it('with bindingTakeoverMs, the earlier bot keeps its session that long after the new binding', async () => {
    const slow = await startSimulator({ qrPollHoldMs: 150, bindingTakeoverMs: 400 });
    try {
      const bot = await slow.control.addBot({ ownerUserId: 'o9cq8owner@im.wechat' });
      await slow.control.scriptQrLogin({
        steps: ['confirmed'],
        ownerUserId: 'o9cq8owner@im.wechat',
      });
      const qr = await ilinkPost(slow.baseUrl, 'get_bot_qrcode?bot_type=3', {
        local_token_list: [],
      });
      const confirmedAt = Date.now();
      await ilinkGet(
        slow.baseUrl,
        `ilink/bot/get_qrcode_status?qrcode=${encodeURIComponent(qr.json.qrcode as string)}`,
      );
      const notify = () => notifyStart(slow.baseUrl, bot.token);
      expect((await notify()).json.ret).toBe(0);
      await new Promise((r) => setTimeout(r, 450 - (Date.now() - confirmedAt)));
      expect((await notify()).json.ret).toBe(-14);
    } finally {
      await slow.close();
    }
  });
});
