import { useSimWithBot } from '../testing/sim-spec.fixture.js';
import { BASE_INFO, ilinkGet, ilinkPost, notifyStart } from '../testing/raw-ilink.js';

describe('iLink request checks', () => {
  const t = useSimWithBot();

  it('answers a valid authenticated call', async () => {
    const answer = await notifyStart(t.sim.baseUrl, t.bot.token);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ret: 0, errmsg: '' });
  });

  it('refuses an X-WECHAT-UIN the same token sent twice recently, and accepts it for another token', async () => {
    const uin = Buffer.from('305419896').toString('base64');
    const call = (token: string) =>
      notifyStart(t.sim.baseUrl, token, { headers: { 'X-WECHAT-UIN': uin } });
    expect((await call(t.bot.token)).json).toEqual({ ret: 0, errmsg: '' });
    // A second time is what a fresh random value does by chance, rarely: accepted.
    expect((await call(t.bot.token)).json).toEqual({ ret: 0, errmsg: '' });
    const again = await call(t.bot.token);
    expect(again.json.ret).toBe(-2);
    expect(again.json.errmsg).toMatch(/X-WECHAT-UIN reused/);
    const other = await t.sim.control.addBot();
    expect((await call(other.token)).json).toEqual({ ret: 0, errmsg: '' });
  });

  it('refuses an Authorization header on both QR calls with ret -2', async () => {
    const create = await ilinkPost(
      t.sim.baseUrl,
      'get_bot_qrcode?bot_type=3',
      { local_token_list: [] },
      { token: t.bot.token },
    );
    expect(create.json).toEqual({ ret: -2, errmsg: 'Authorization must not be sent on QR calls' });
    const qr = await ilinkPost(t.sim.baseUrl, 'get_bot_qrcode?bot_type=3', {
      local_token_list: [],
    });
    expect(qr.json.ret).toBe(0);
    const status = await ilinkGet(
      t.sim.baseUrl,
      `ilink/bot/get_qrcode_status?qrcode=${encodeURIComponent(qr.json.qrcode as string)}`,
      {
        'iLink-App-Id': 'bot',
        'iLink-App-ClientVersion': '132105',
        Authorization: `Bearer ${t.bot.token}`,
      },
    );
    expect(status.json).toEqual({ ret: -2, errmsg: 'Authorization must not be sent on QR calls' });
  });

  it.each([
    'Content-Type',
    'AuthorizationType',
    'X-WECHAT-UIN',
    'iLink-App-Id',
    'iLink-App-ClientVersion',
  ])('refuses a POST without %s with ret -2', async (name) => {
    const answer = await notifyStart(t.sim.baseUrl, t.bot.token, {
      headers: { [name]: undefined },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ret: -2, errmsg: `missing header ${name}` });
  });

  it.each([
    ['X-WECHAT-UIN', '305419896'],
    ['X-WECHAT-UIN', Buffer.from('4294967296').toString('base64')],
    ['iLink-App-ClientVersion', '0'],
    ['iLink-App-Id', ''],
    ['AuthorizationType', 'bearer'],
    ['Content-Type', 'text/plain'],
  ])('refuses an invalid %s (%j)', async (name, value) => {
    const answer = await notifyStart(t.sim.baseUrl, t.bot.token, { headers: { [name]: value } });
    expect(answer.json).toEqual({ ret: -2, errmsg: `invalid header ${name}` });
  });

  it('accepts the §3.2 X-WECHAT-UIN test vector', async () => {
    const answer = await ilinkPost(
      t.sim.baseUrl,
      'msg/notifystop',
      { base_info: BASE_INFO },
      { token: t.bot.token, headers: { 'X-WECHAT-UIN': 'MzA1NDE5ODk2' } },
    );
    expect(answer.json.ret).toBe(0);
  });

  it.each([
    'getupdates',
    'sendmessage',
    'getconfig',
    'sendtyping',
    'getuploadurl',
    'msg/notifystart',
  ])('answers -14 on %s for a missing or unknown token', async (endpoint) => {
    const missing = await ilinkPost(t.sim.baseUrl, endpoint, { base_info: BASE_INFO });
    const unknown = await ilinkPost(
      t.sim.baseUrl,
      endpoint,
      { base_info: BASE_INFO },
      { token: 'nope' },
    );
    for (const answer of [missing, unknown]) {
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ ret: -14, errcode: -14 });
    }
  });

  it('answers -14 after expireSession, and to the old token after a renewal', async () => {
    await t.sim.control.expireSession(t.bot.botId);
    const expired = await ilinkPost(
      t.sim.baseUrl,
      'getupdates',
      { get_updates_buf: '', base_info: BASE_INFO },
      { token: t.bot.token },
    );
    expect(expired.json).toMatchObject({ ret: -14, errcode: -14 });
    const renewed = await t.sim.control.addBot({ botId: t.bot.botId });
    expect(renewed.token).not.toBe(t.bot.token);
    const old = await notifyStart(t.sim.baseUrl, t.bot.token);
    expect(old.json.ret).toBe(-14);
    const fresh = await notifyStart(t.sim.baseUrl, renewed.token);
    expect(fresh.json.ret).toBe(0);
  });

  it('requires base_info.channel_version on authenticated bodies', async () => {
    const none = await ilinkPost(t.sim.baseUrl, 'msg/notifystart', {}, { token: t.bot.token });
    const empty = await ilinkPost(
      t.sim.baseUrl,
      'msg/notifystart',
      { base_info: { channel_version: '' } },
      { token: t.bot.token },
    );
    for (const answer of [none, empty]) {
      expect(answer.json).toEqual({ ret: -2, errmsg: 'base_info.channel_version required' });
    }
  });

  it('refuses a body that is not a JSON object', async () => {
    const answer = await ilinkPost(t.sim.baseUrl, 'msg/notifystart', undefined, {
      token: t.bot.token,
      rawBody: '{"base_info":',
    });
    expect(answer.json).toEqual({ ret: -2, errmsg: 'invalid JSON body' });
  });

  it('refuses the wrong method and unknown paths', async () => {
    const get = await ilinkGet(t.sim.baseUrl, 'ilink/bot/getupdates');
    expect(get.status).toBe(405);
    const unknown = await ilinkPost(
      t.sim.baseUrl,
      'nothing',
      { base_info: BASE_INFO },
      { token: t.bot.token },
    );
    expect(unknown.status).toBe(404);
  });

  it('logs calls with headers and bodies, uint64 ids kept as strings', async () => {
    await ilinkPost(t.sim.baseUrl, 'msg/notifystart', undefined, {
      token: t.bot.token,
      rawBody: '{"base_info":{"channel_version":"2.4.9"},"msg_id":18446744073709551615}',
    });
    const calls = await t.sim.control.calls('notifystart');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/ilink/bot/msg/notifystart' });
    expect(calls[0].headers.authorization).toBe(`Bearer ${t.bot.token}`);
    expect(calls[0].headers['ilink-app-id']).toBe('bot');
    expect(calls[0].body).toEqual({
      base_info: { channel_version: '2.4.9' },
      msg_id: '18446744073709551615',
    });
  });
});
