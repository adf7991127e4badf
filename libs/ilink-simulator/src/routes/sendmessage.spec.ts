import {
  BASE_INFO,
  ilinkPost,
  postHeaders,
  textReply,
  type RawAnswer,
} from '../testing/raw-ilink.js';
import { useSimWithBot } from '../testing/sim-spec.fixture.js';

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

  it('refuses empty text, and a voice item without its upload and SILK facts', async () => {
    expect((await reply('')).json.ret).toBe(-2);
    const voice = textReply(USER, t.greeting.contextToken, 'x') as {
      msg: { item_list: unknown[] };
    };
    voice.msg.item_list = [{ type: 3, voice_item: { encode_type: 6 } }];
    expect((await send(voice)).json).toEqual({
      ret: -2,
      errmsg: 'media.encrypt_query_param required',
    });
  });

  it('answers ret -3 "invalid arguments" to a malformed or mixed-case recipient id', async () => {
    const invalid = { ret: -3, errmsg: 'invalid arguments' };
    expect((await reply('x', t.greeting.contextToken, `user:${USER}`)).json).toEqual(invalid);
    expect((await reply('x', t.greeting.contextToken, USER.toUpperCase())).json).toEqual(invalid);
    expect((await reply('x', t.greeting.contextToken, 'o9cq8stranger@im.wechat')).json.ret).toBe(
      -2,
    );
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

  describe('progress items and quotes', () => {
    const withItem = (item: Record<string, unknown>): unknown => {
      const body = textReply(USER, t.greeting.contextToken, 'x') as {
        msg: { item_list: unknown[] };
      };
      body.msg.item_list = [item];
      return body;
    };

    it('accepts tool-call items, records them and counts them against the quota', async () => {
      const start = {
        type: 11,
        is_completed: false,
        tool_call_start_item: { tool_name: 'search', tool_call_id: 'c1' },
      };
      const result = {
        type: 12,
        is_completed: true,
        tool_call_result_item: { tool_name: 'search', tool_call_id: 'c1', status: 'completed' },
      };
      expect((await send(withItem(start))).json.ret).toBe(0);
      expect((await send(withItem(result))).json.ret).toBe(0);
      expect((await reply('answer')).json.ret).toBe(0);
      const sent = await t.sim.control.sent(t.bot.botId, USER);
      expect(sent.map((s) => s.progress)).toEqual([
        { phase: 'start', tool: 'search', callId: 'c1' },
        { phase: 'result', tool: 'search', callId: 'c1', status: 'completed' },
        undefined,
      ]);
      expect(await t.sim.control.quota(t.bot.botId, USER)).toEqual({
        contextToken: t.greeting.contextToken,
        accepted: 3,
        progress: 2,
        left: 7,
      });
      for (let i = 0; i < 7; i++) expect((await send(withItem(start))).json.ret).toBe(0);
      expect((await send(withItem(start))).json.errmsg).toMatch(/quota exhausted/);
    });

    it('refuses a tool-call item without its payload', async () => {
      const answer = await send(withItem({ type: 12, is_completed: true }));
      expect(answer.json.ret).toBe(-2);
      expect(answer.json.errmsg).toBe('tool_call_result_item required');
      expect((await t.sim.control.quota(t.bot.botId, USER)).accepted).toBe(0);
    });

    it('records the svr_id an outbound text quotes', async () => {
      const item = {
        type: 1,
        text_item: { text: 'see above' },
        ref_msg: { svr_id: t.greeting.messageId },
      };
      const raw = JSON.stringify(withItem(item)).replace(
        `"svr_id":"${t.greeting.messageId}"`,
        `"svr_id":${t.greeting.messageId}`,
      );
      const answer = await fetch(`${t.sim.baseUrl}ilink/bot/sendmessage`, {
        method: 'POST',
        headers: postHeaders(t.bot.token),
        body: raw,
      });
      expect(((await answer.json()) as { ret: number }).ret).toBe(0);
      const [sent] = await t.sim.control.sent(t.bot.botId, USER);
      expect(sent?.quotedSvrId).toBe(t.greeting.messageId);
    });

    it('answers no quota for a user who never wrote', async () => {
      expect(await t.sim.control.quota(t.bot.botId, 'nobody@im.wechat')).toEqual({
        accepted: 0,
        progress: 0,
        left: 0,
      });
    });
  });
});
