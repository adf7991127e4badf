import { useSimWithBot } from '../testing/sim-spec.fixture.js';
import {
  BASE_INFO,
  ilinkPost,
  notifyStart,
  type RawAnswer,
  textReply,
} from '../testing/raw-ilink.js';

const USER = 'o9cq8gina@im.wechat';

describe('faults', () => {
  const t = useSimWithBot({ greetFrom: USER });

  const reply = (token = t.bot.token): Promise<RawAnswer> =>
    ilinkPost(t.sim.baseUrl, 'sendmessage', textReply(USER, t.greeting.contextToken, 'ok'), {
      token,
    });
  const notify = (): Promise<RawAnswer> => notifyStart(t.sim.baseUrl, t.bot.token);

  it('stale-session answers -14 once, then the endpoint works again', async () => {
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'stale-session' });
    expect((await reply()).json).toMatchObject({ ret: -14, errcode: -14 });
    expect((await reply()).json.ret).toBe(0);
  });

  it('rejected and rate-limited answer -2 with their errmsg, `times` times', async () => {
    await t.sim.control.fault({
      endpoint: 'sendmessage',
      kind: 'rejected',
      errmsg: 'prepare failed',
    });
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'rate-limited', times: 2 });
    expect((await reply()).json).toEqual({ ret: -2, errmsg: 'prepare failed' });
    expect((await reply()).json).toEqual({ ret: -2, errmsg: 'rate limited' });
    expect((await reply()).json).toEqual({ ret: -2, errmsg: 'rate limited' });
    expect((await reply()).json.ret).toBe(0);
    expect((await t.sim.control.sent(t.bot.botId)).filter((s) => s.accepted)).toHaveLength(1);
  });

  it('http-error answers the status with a text body', async () => {
    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'http-error', status: 524 });
    const answer = await ilinkPost(
      t.sim.baseUrl,
      'getupdates',
      { get_updates_buf: '', base_info: BASE_INFO },
      { token: t.bot.token },
    );
    expect(answer.status).toBe(524);
    expect(answer.text).toContain('524');
    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'http-error' });
    expect((await notify()).status).toBe(500);
  });

  it('slow answers normally after delayMs', async () => {
    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'slow', delayMs: 300 });
    const started = Date.now();
    expect((await notify()).json.ret).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('malformed-json and empty-body answer HTTP 200 bodies that are not usable JSON', async () => {
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'malformed-json' });
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'empty-body' });
    const malformed = await reply();
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();
    const empty = await reply();
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
  });

  it('reset destroys the connection without an answer', async () => {
    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'reset' });
    await expect(notify()).rejects.toThrow();
    expect((await notify()).json.ret).toBe(0);
  });

  it('matches by t.bot, by "*" and in order; clearFaults removes them', async () => {
    const other = await t.sim.control.addBot();
    await t.sim.control.fault({
      endpoint: '*',
      botId: other.botId,
      kind: 'rejected',
      errmsg: 'other',
    });
    expect((await notify()).json.ret).toBe(0);
    const otherAnswer = await ilinkPost(
      t.sim.baseUrl,
      'msg/notifystop',
      { base_info: BASE_INFO },
      { token: other.token },
    );
    expect(otherAnswer.json).toEqual({ ret: -2, errmsg: 'other' });
    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'rejected', errmsg: 'first' });
    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'rejected', errmsg: 'second' });
    expect((await notify()).json.errmsg).toBe('first');
    await t.sim.control.clearFaults();
    expect((await notify()).json.ret).toBe(0);
  });

  it('applies to CDN uploads and downloads', async () => {
    const image = await t.sim.control.sendImage(t.bot.botId, USER, Buffer.from('img'));
    const poll = await ilinkPost(
      t.sim.baseUrl,
      'getupdates',
      { get_updates_buf: '', base_info: BASE_INFO },
      { token: t.bot.token },
    );
    const msgs = poll.json.msgs as {
      message_id: string;
      item_list: { image_item?: { media: { full_url: string } } }[];
    }[];
    const url =
      msgs.find((m) => m.message_id === image.messageId)?.item_list[0].image_item?.media.full_url ??
      '';
    await t.sim.control.fault({ endpoint: 'download', kind: 'http-error', status: 503 });
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(200);
    await t.sim.control.fault({
      endpoint: 'upload',
      kind: 'http-error',
      status: 500,
      errmsg: 'cdn busy',
    });
    const upload = await fetch(`${t.sim.cdnBaseUrl}/upload?encrypted_query_param=x&filekey=y`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(16),
    });
    expect(upload.status).toBe(500);
    expect(upload.headers.get('x-error-message')).toBe('cdn busy');
  });

  it('refuses an unknown fault kind', async () => {
    await expect(t.sim.control.fault({ endpoint: 'x', kind: 'explode' as never })).rejects.toThrow(
      /unknown fault kind/,
    );
  });
});
