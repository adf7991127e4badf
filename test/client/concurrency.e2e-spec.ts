import { startClientUnderTest, type ClientUnderTest } from './support/client-under-test.js';

const ACCOUNTS = 1_000;

describe('IlinkClient connection pool against the simulator', () => {
  let t: ClientUnderTest;

  beforeAll(async () => {
    // The simulator holds each poll 20 s, so the first ones are still open when the last one
    // opens, even when the machine is busy with other suites (6 s was not always enough).
    t = await startClientUnderTest({ longPollTimeoutMs: 20_000 });
  });
  afterAll(async () => {
    await t.close();
  });

  it(`holds ${ACCOUNTS} long polls open at once on one origin`, async () => {
    const bots = await Promise.all(Array.from({ length: ACCOUNTS }, () => t.addBot()));
    const polls = Promise.all(
      bots.map(({ account }) => t.client.getUpdates(account, '', { timeoutMs: 30_000 })),
    );
    const activeNow = async () => {
      const snapshots = await Promise.all(bots.map(({ bot }) => t.sim.control.pollers(bot.botId)));
      return snapshots.reduce((sum, snapshot) => sum + snapshot.active, 0);
    };
    let active = 0;
    for (let i = 0; i < 200 && active < ACCOUNTS; i++) {
      active = await activeNow();
      if (active < ACCOUNTS) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(active).toBe(ACCOUNTS);
    const answers = await polls;
    expect(answers.every((answer) => answer.ret === 0 && answer.msgs!.length === 0)).toBe(true);
  }, 60_000);
});
