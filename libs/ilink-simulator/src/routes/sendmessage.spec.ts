import { useSimWithBot } from '../testing/sim-spec.fixture.js';
import { BASE_INFO, ilinkPost, textReply, type RawAnswer } from '../testing/raw-ilink.js';

const USER = 'o9cq8bob@im.wechat';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('sendmessage', () => {
  const t = useSimWithBot({ greetFrom: USER });

  const send = (body: unknown): Promise<RawAnswer> =>
    ilinkPost(t.sim.baseUrl, 'sendmessage', body, { token: t.bot.token });
  const reply = (text: string, token = t.greeting.contextToken, to = USER): Promise<RawAnswer> =>
    send(textReply(to, token, text));

  it('accepts a reply and answers a bare uint64 message_id', async () => {
    const answer = await reply('hello back');
    expect(answer.json.ret).toBe(0);
    const raw = /"message_id":(\d+)/.exec(answer.text);
    expect(BigInt(raw?.[1] ?? '0')).toBeGreaterThan(2n ** 53n);
    const sent = await t.sim.control.sent(t.bot.botId, USER);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      messageId: raw?.[1],
      toUserId: USER,
      contextToken: t.greeting.contextToken,
      text: 'hello back',
      accepted: true,
      ret: 0,
      item: { type: 1, text_item: { text: 'hello back' } },
    });
    expect(sent[0].clientId).toMatch(/^simspec:/);
  });

  it.each([
    ['client_id', undefined, /client_id required/],
    ['client_id', '', /client_id required/],
    ['from_user_id', undefined, /from_user_id must be the empty string/],
    ['from_user_id', USER, /from_user_id must be the empty string/],
  ])('refuses msg.%s = %p with ret -2', async (field, value, errmsg) => {
    const body = textReply(USER, t.greeting.contextToken, 'hi') as { msg: Record<string, unknown> };
    if (value === undefined) delete body.msg[field];
    else body.msg[field] = value;
    const answer = await send(body);
    expect(answer.json.ret).toBe(-2);
    expect(answer.json.errmsg).toMatch(errmsg);
    expect((await t.sim.control.sent(t.bot.botId, USER))[0]?.accepted).toBe(false);
  });

  it('accepts 10 replies per context token and refuses the 11th', async () => {
    for (let i = 1; i <= 10; i++) expect((await reply(`r${i}`)).json.ret).toBe(0);
    const eleventh = await reply('r11');
    expect(eleventh.json.ret).toBe(-2);
    const next = await t.sim.control.sendText(t.bot.botId, USER, 'more');
    expect((await reply('fresh quota', next.contextToken)).json.ret).toBe(0);
    const sent = await t.sim.control.sent(t.bot.botId);
    expect(sent.filter((s) => s.accepted)).toHaveLength(11);
    expect(sent.filter((s) => !s.accepted)).toEqual([
      expect.objectContaining({ text: 'r11', ret: -2 }),
    ]);
  });

  it('closes the window 24 h after the user message (simulator clock)', async () => {
    await t.sim.control.advanceClock(DAY_MS - 60_000);
    expect((await reply('still open')).json.ret).toBe(0);
    await t.sim.control.advanceClock(120_000);
    expect((await reply('too late')).json).toMatchObject({ ret: -2 });
  });

  it('refuses text over 16 384 UTF-8 bytes, counting bytes not characters', async () => {
    expect((await reply('a'.repeat(16_384))).json.ret).toBe(0);
    expect((await reply('a'.repeat(16_385))).json.ret).toBe(-2);
    expect((await reply('中'.repeat(6_000))).json.ret).toBe(-2);
  });

  it('refuses two items in one message, and none', async () => {
    const body = textReply(USER, t.greeting.contextToken, 'x') as { msg: { item_list: unknown[] } };
    body.msg.item_list.push({ type: 1, text_item: { text: 'y' } });
    expect((await send(body)).json.ret).toBe(-2);
    body.msg.item_list = [];
    expect((await send(body)).json.ret).toBe(-2);
  });

  it('refuses empty text and voice items', async () => {
    expect((await reply('')).json.ret).toBe(-2);
    const voice = textReply(USER, t.greeting.contextToken, 'x') as {
      msg: { item_list: unknown[] };
    };
    voice.msg.item_list = [{ type: 3, voice_item: { encode_type: 6 } }];
    expect((await send(voice)).json).toEqual({
      ret: -2,
      errmsg: 'voice messages are not supported',
    });
  });

  it("refuses a user who never wrote, and a context token that is missing, altered or another user's", async () => {
    expect((await reply('x', t.greeting.contextToken, 'o9cq8stranger@im.wechat')).json.ret).toBe(
      -2,
    );
    expect((await reply('x', '')).json.ret).toBe(-2);
    expect((await reply('x', encodeURIComponent(t.greeting.contextToken))).json.ret).toBe(-2);
    expect((await reply('x', t.greeting.contextToken.slice(0, -1))).json.ret).toBe(-2);
    const carol = await t.sim.control.sendText(t.bot.botId, 'o9cq8carol@im.wechat', 'hey');
    expect((await reply('x', carol.contextToken)).json.ret).toBe(-2);
  });

  it('expects message_type 2 and message_state 2', async () => {
    const body = textReply(USER, t.greeting.contextToken, 'x') as { msg: Record<string, unknown> };
    body.msg.message_type = 1;
    expect((await send(body)).json.ret).toBe(-2);
    body.msg.message_type = 2;
    body.msg.message_state = 1;
    expect((await send(body)).json.ret).toBe(-2);
  });

  it('records refused calls with their answer', async () => {
    await send({ msg: { to_user_id: USER, item_list: [] }, base_info: BASE_INFO });
    const [sent] = await t.sim.control.sent(t.bot.botId);
    expect(sent).toMatchObject({
      accepted: false,
      ret: -2,
      errmsg: 'item_list must hold exactly one item',
    });
    expect(sent.messageId).toBeUndefined();
  });
});
