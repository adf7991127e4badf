import { startSimulator, type IlinkSimulator } from '../index.js';
import { ilinkPost, textReply } from '../testing/raw-ilink.js';

const USER = 'o9cq8rules@im.wechat';
const MIN = 60_000;

describe('sendmessage: the reported server rules, when turned on', () => {
  let sim: IlinkSimulator;

  beforeAll(async () => {
    sim = await startSimulator({
      longPollTimeoutMs: 200,
      prepareFailedAfterMs: 2 * MIN,
      rateLimit: { sends: 4, windowMs: 8 * MIN, lockMs: 30 * MIN },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('answers "prepare failed" to a send under a token issued prepareFailedAfterMs ago', async () => {
    const bot = await sim.control.addBot();
    const { contextToken } = await sim.control.sendText(bot.botId, USER, 'hi');
    const reply = () =>
      ilinkPost(sim.baseUrl, 'sendmessage', textReply(USER, contextToken, 'x'), {
        token: bot.token,
      });
    expect((await reply()).json.ret).toBe(0);
    await sim.control.advanceClock(2 * MIN);
    expect((await reply()).json).toEqual({ ret: -2, errmsg: 'prepare failed' });
  });

  it('locks a bot after 4 sends in 8 minutes, for 30 minutes', async () => {
    const bot = await sim.control.addBot();
    const other = await sim.control.addBot();
    const send = async (b: typeof bot) => {
      const { contextToken } = await sim.control.sendText(b.botId, USER, 'hi');
      return (
        await ilinkPost(sim.baseUrl, 'sendmessage', textReply(USER, contextToken, 'x'), {
          token: b.token,
        })
      ).json;
    };
    for (let i = 0; i < 4; i++) expect((await send(bot)).ret).toBe(0);
    expect(await send(bot)).toEqual({ ret: -2, errmsg: 'rate limited' });
    expect((await send(other)).ret).toBe(0);
    await sim.control.advanceClock(30 * MIN);
    expect((await send(bot)).ret).toBe(0);
  });
});
