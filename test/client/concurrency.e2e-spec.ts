import { startClientUnderTest, type ClientUnderTest } from './support/client-under-test.js';

const ACCOUNTS = 1_000;
/** How long the simulator holds an empty poll: far longer than opening them all can take. */
const HOLD_MS = 60_000;

describe('IlinkClient connection pool against the simulator', () => {
  let t: ClientUnderTest;

  beforeAll(async () => {
    t = await startClientUnderTest({ longPollTimeoutMs: HOLD_MS });
  });
  afterAll(async () => {
    await t.close();
  });

  it(
    `holds ${ACCOUNTS} long polls open at once on one origin`,
    async () => {
      const bots = await Promise.all(Array.from({ length: ACCOUNTS }, () => t.addBot()));
      const polls = Promise.all(
        bots.map(({ account }) =>
          t.client.getUpdates(account, '', { timeoutMs: HOLD_MS + 10_000 }),
        ),
      );
      const activeNow = async () => {
        const snapshots = await Promise.all(
          bots.map(({ bot }) => t.sim.control.pollers(bot.botId)),
        );
        return snapshots.reduce((sum, snapshot) => sum + snapshot.active, 0);
      };
      // Wait by time, not by a count of rounds: on a busy machine opening 1,000 connections takes
      // seconds, and no poll can end before the simulator's hold does.
      const deadline = Date.now() + HOLD_MS / 2;
      let active = await activeNow();
      while (active < ACCOUNTS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        active = await activeNow();
      }
      expect(active).toBe(ACCOUNTS);
      // Every poll is open at once; a message to each bot ends them all now.
      await Promise.all(
        bots.map(({ bot }) => t.sim.control.sendText(bot.botId, 'u@im.wechat', 'hi')),
      );
      const answers = await polls;
      expect(answers.map((answer) => [answer.ret ?? 0, answer.msgs?.length ?? 0])).toEqual(
        bots.map(() => [0, 1]),
      );
    },
    HOLD_MS + 30_000,
  );
});
