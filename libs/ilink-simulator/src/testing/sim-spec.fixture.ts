import { startSimulator, type IlinkSimulator, type SimBot, type SimInjected } from '../index.js';

/** A simulator for the simulator's own specs, reset before each test, with a new bot per test. */
export interface SimSpec {
  sim: IlinkSimulator;
  /** The bot added before the current test. */
  bot: SimBot;
  /** The message `greetFrom` sent the bot before the current test (with `greetFrom` only). */
  greeting: SimInjected;
}

/**
 * Starts a simulator in `beforeAll` (closed in `afterAll`); before each test resets it, adds a
 * bot and, with `greetFrom`, has that user write `hi` to it. The fields are set by the hooks.
 */
export function useSimWithBot(o: { longPollTimeoutMs?: number; greetFrom?: string } = {}): SimSpec {
  const t = {} as SimSpec;
  beforeAll(async () => {
    t.sim = await startSimulator({ longPollTimeoutMs: o.longPollTimeoutMs ?? 200 });
  });
  afterAll(() => t.sim?.close());
  beforeEach(async () => {
    await t.sim.control.reset();
    t.bot = await t.sim.control.addBot();
    if (o.greetFrom) t.greeting = await t.sim.control.sendText(t.bot.botId, o.greetFrom, 'hi');
  });
  return t;
}
