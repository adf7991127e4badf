import { startSimulator, type IlinkSimulator, type SimBot } from '../index.js';
import { BASE_INFO, ilinkPost, type RawAnswer } from '../testing/raw-ilink.js';

const USER = 'o9cq8dave@im.wechat';

describe('getconfig and sendtyping', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;

  const call = (endpoint: string, body: Record<string, unknown>): Promise<RawAnswer> =>
    ilinkPost(sim.baseUrl, endpoint, { ...body, base_info: BASE_INFO }, { token: bot.token });

  beforeAll(async () => {
    sim = await startSimulator({ ticketTtlMs: 60_000, typingIndicatorMs: 10_000 });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control.reset();
    bot = await sim.control.addBot();
    await sim.control.sendText(bot.botId, USER, 'hi');
  });

  it('requires ilink_user_id on both calls', async () => {
    for (const endpoint of ['getconfig', 'sendtyping']) {
      const answer = await call(endpoint, { user_id: USER, typing_ticket: 't', status: 1 });
      expect(answer.json).toEqual({ ret: -2, errmsg: 'ilink_user_id required' });
    }
  });

  it('issues tickets, counts getconfig calls and records typing state', async () => {
    const config = await call('getconfig', { ilink_user_id: USER });
    expect(config.json.ret).toBe(0);
    const ticket = config.json.typing_ticket as string;
    expect(ticket).toEqual(expect.any(String));
    expect(ticket).not.toBe('');

    expect(
      (await call('sendtyping', { ilink_user_id: USER, typing_ticket: ticket, status: 1 })).json,
    ).toEqual({ ret: 0, errmsg: '' });
    let typing = await sim.control.typing(bot.botId, USER);
    expect(typing.status).toBe('typing');
    expect(typing.getconfigCalls).toBe(1);

    await call('sendtyping', { ilink_user_id: USER, typing_ticket: ticket, status: 2 });
    typing = await sim.control.typing(bot.botId, USER);
    expect(typing.status).toBe('idle');
    expect(typing.events.map((e) => e.status)).toEqual([1, 2]);
    expect(typing.events[0].ticket).toBe(ticket);
  });

  it('refuses the community field command, other statuses, and tickets of other users', async () => {
    const ticket = (await call('getconfig', { ilink_user_id: USER })).json.typing_ticket as string;
    expect(
      (await call('sendtyping', { ilink_user_id: USER, typing_ticket: ticket, command: 1 })).json
        .ret,
    ).toBe(-2);
    expect(
      (await call('sendtyping', { ilink_user_id: USER, typing_ticket: ticket, status: 3 })).json
        .ret,
    ).toBe(-2);
    const other = 'o9cq8erin@im.wechat';
    expect(
      (await call('sendtyping', { ilink_user_id: other, typing_ticket: ticket, status: 1 })).json
        .ret,
    ).toBe(-2);
    expect((await sim.control.typing(bot.botId, USER)).events).toEqual([]);
  });

  it('expires tickets after ticketTtlMs and typing without keep-alive', async () => {
    const ticket = (await call('getconfig', { ilink_user_id: USER })).json.typing_ticket as string;
    await call('sendtyping', { ilink_user_id: USER, typing_ticket: ticket, status: 1 });
    await sim.control.advanceClock(10_000);
    expect((await sim.control.typing(bot.botId, USER)).status).toBe('idle');
    await sim.control.advanceClock(50_000);
    const late = await call('sendtyping', {
      ilink_user_id: USER,
      typing_ticket: ticket,
      status: 1,
    });
    expect(late.json).toEqual({ ret: -2, errmsg: 'typing_ticket invalid or expired' });
  });
});
