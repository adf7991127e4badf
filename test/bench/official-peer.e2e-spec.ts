import { startSimulator, type IlinkSimulator } from 'nestjs-weixin/testing';
import {
  startOfficialPeer,
  type OfficialPeer,
} from '../../bench/peers/official/official-peer.driver.js';
import { processCpuMicros } from '../../bench/support/process-cpu.js';

/**
 * The official client's benchmark peer (built by `npm run build`) against the simulator over
 * HTTP: its loop answers each message through the client's own functions, its sends are
 * accepted, and its figures come from its own process.
 */
describe('official client benchmark peer', () => {
  let sim: IlinkSimulator;
  let peer: OfficialPeer;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, longPollTimeoutMs: 1_000 });
    peer = await startOfficialPeer();
  });
  afterAll(async () => {
    await peer?.close();
    await sim?.close();
  });

  it('runs the monitor loop: each message handled once, its reply sent with its context token', async () => {
    const bot = await sim.control.addBot();
    const injected = [
      await sim.control.sendText(bot.botId, 'a@im.wechat', 'one'),
      await sim.control.sendText(bot.botId, 'b@im.wechat', 'two'),
    ];
    const before = (await peer.stats()).handled;
    await peer.start({
      baseUrl: sim.baseUrl,
      accounts: [{ id: bot.botId, token: bot.token }],
      handlerDelayMs: 10,
      reply: true,
      longPollTimeoutMs: 1_000,
    });
    await sim.control.sendText(bot.botId, 'a@im.wechat', 'three');
    const stats = await peer.waitHandled(before + 3);
    await peer.stop();
    const sent = await sim.control.sent(bot.botId);
    expect(sent.map((s) => [s.toUserId, s.text, s.accepted])).toEqual([
      ['a@im.wechat', 'echo: one', true],
      ['b@im.wechat', 'echo: two', true],
      ['a@im.wechat', 'echo: three', true],
    ]);
    expect(sent[0]!.contextToken).toBe(injected[0]!.contextToken);
    expect(sent[1]!.contextToken).toBe(injected[1]!.contextToken);
    expect(stats.handled).toBe(before + 3);
    expect(stats.cpuMicros).toBeGreaterThan(0);
    expect(processCpuMicros(peer.pid)).toBeGreaterThan(0);
  });

  it('sends a burst one after another, every send accepted', async () => {
    const bot = await sim.control.addBot();
    const users = ['c@im.wechat', 'd@im.wechat'];
    const tokens: string[] = [];
    for (const user of users)
      tokens.push((await sim.control.sendText(bot.botId, user, 'hi')).contextToken);
    const burst = await peer.sendBurst({
      baseUrl: sim.baseUrl,
      token: bot.token,
      accountId: bot.botId,
      targets: users.map((to, i) => ({ to, contextToken: tokens[i]! })),
      perTarget: 3,
    });
    expect(burst.sent).toBe(6);
    const sent = await sim.control.sent(bot.botId);
    expect(sent).toHaveLength(6);
    expect(sent.every((s) => s.accepted)).toBe(true);
    expect(sent.map((s) => s.toUserId)).toEqual([
      ...Array(3).fill(users[0]),
      ...Array(3).fill(users[1]),
    ]);
  });

  it('reports a send the simulator refuses as the request error', async () => {
    const bot = await sim.control.addBot();
    await expect(
      peer.sendBurst({
        baseUrl: sim.baseUrl,
        token: 'not-the-token',
        accountId: bot.botId,
        targets: [{ to: 'e@im.wechat', contextToken: 'none' }],
        perTarget: 1,
      }),
    ).rejects.toThrow(/official peer:/);
  });
});
