import { startSimulator, SimulatorControlClient, type IlinkSimulator } from '../index.js';
import { BASE_INFO, ilinkPost, notifyStart } from '../testing/raw-ilink.js';

describe('SimulatorControlClient', () => {
  let sim: IlinkSimulator;
  let client: SimulatorControlClient;

  beforeAll(async () => {
    sim = await startSimulator({ longPollTimeoutMs: 200 });
    client = new SimulatorControlClient(sim.baseUrl.replace(/\/$/, ''));
  });
  afterAll(() => sim.close());
  beforeEach(() => client.reset());

  it('drives the simulator over HTTP with the in-process semantics', async () => {
    const bot = await client.addBot({ ownerUserId: 'o9cq8owner@im.wechat' });
    expect(bot.ownerUserId).toBe('o9cq8owner@im.wechat');
    const text = await client.sendText(bot.botId, 'o9cq8hank@im.wechat', 'hi', {
      messageId: '18446744073709551615',
    });
    expect(text.messageId).toBe('18446744073709551615');
    const image = await client.sendImage(bot.botId, 'o9cq8hank@im.wechat', Buffer.from([1, 2, 3]));
    expect(image.seq).toBe(2);
    const again = await client.redeliver(bot.botId, text.messageId);
    expect(again.messageId).toBe(text.messageId);

    await ilinkPost(
      sim.baseUrl,
      'sendmessage',
      {
        msg: {
          from_user_id: '',
          to_user_id: 'o9cq8hank@im.wechat',
          client_id: 'simspec:control-client-1',
          message_type: 2,
          message_state: 2,
          context_token: text.contextToken,
          item_list: [{ type: 1, text_item: { text: 'reply' } }],
        },
        base_info: BASE_INFO,
      },
      { token: bot.token },
    );
    const sent = await client.sent(bot.botId);
    expect(sent).toEqual(await sim.control.sent(bot.botId));
    expect(sent[0]).toMatchObject({ accepted: true, text: 'reply' });
    expect(await client.sent(bot.botId, 'o9cq8other@im.wechat')).toEqual([]);
    expect((await client.calls('sendmessage'))[0].body).toMatchObject({
      msg: { context_token: text.contextToken },
    });
    expect(await client.typing(bot.botId, 'o9cq8hank@im.wechat')).toEqual({
      status: 'idle',
      events: [],
      getconfigCalls: 0,
    });
    expect(await client.pollers(bot.botId)).toEqual({ active: 0, maxConcurrent: 0, total: 0 });
    expect(await client.uploads(bot.botId)).toEqual([]);

    const before = await client.now();
    await client.advanceClock(60_000);
    expect(await client.now()).toBeGreaterThanOrEqual(before + 60_000);

    await client.fault({ endpoint: 'notifystart', kind: 'rejected', errmsg: 'via client' });
    const refused = await notifyStart(sim.baseUrl, bot.token);
    expect(refused.json).toEqual({ ret: -2, errmsg: 'via client' });
    await client.fault({ endpoint: 'notifystart', kind: 'rejected' });
    await client.clearFaults();
    await client.scriptQrLogin({ steps: ['confirmed'] });
    await client.expireSession(bot.botId);
    const expired = await notifyStart(sim.baseUrl, bot.token);
    expect(expired.json.ret).toBe(-14);
  });

  it('returns bytes from readUpload and reports errors', async () => {
    await expect(client.readUpload('0'.repeat(32))).rejects.toThrow(/no upload with filekey/);
    await expect(client.sendText('nobody@im.bot', 'u@im.wechat', 'x')).rejects.toThrow(
      /unknown bot/,
    );
    const bot = await client.addBot();
    await client.sendText(bot.botId, 'o9cq8ivy@im.wechat', 'x');
    const { createCipheriv, createHash, randomBytes } = await import('node:crypto');
    const plain = randomBytes(40);
    const key = randomBytes(16);
    const filekey = randomBytes(16).toString('hex');
    const grant = await ilinkPost(
      sim.baseUrl,
      'getuploadurl',
      {
        filekey,
        media_type: 1,
        to_user_id: 'o9cq8ivy@im.wechat',
        rawsize: 40,
        rawfilemd5: createHash('md5').update(plain).digest('hex'),
        filesize: 48,
        no_need_thumb: true,
        aeskey: key.toString('hex'),
        base_info: BASE_INFO,
      },
      { token: bot.token },
    );
    const cipher = createCipheriv('aes-128-ecb', key, null);
    await fetch(grant.json.upload_full_url as string, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.concat([cipher.update(plain), cipher.final()]),
    });
    const bytes = await client.readUpload(filekey);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes).toEqual(plain);
    expect((await client.uploads(bot.botId))[0].filekey).toBe(filekey);
  });
});
