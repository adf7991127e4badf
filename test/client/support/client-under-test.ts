import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import { IlinkClient } from 'nestjs-weixin';
import type { IlinkAccount, IlinkClientOptions } from 'nestjs-weixin';
import { useHooked } from '../../support/use-hooked.js';

/** A simulator, a client pointed at it, and helpers to make bots. */
export interface ClientUnderTest {
  sim: IlinkSimulator;
  client: IlinkClient;
  /** A new simulator bot and the account reference the client needs for it. */
  addBot(): Promise<{ bot: SimBot; account: IlinkAccount }>;
  close(): Promise<void>;
}

/** Starts the simulator and an `IlinkClient` aimed at it (its redirect host allowed). */
export async function startClientUnderTest(
  options: { longPollTimeoutMs?: number; client?: IlinkClientOptions } = {},
): Promise<ClientUnderTest> {
  const sim = await startSimulator({ port: 0, longPollTimeoutMs: options.longPollTimeoutMs });
  const client = new IlinkClient({
    baseUrl: sim.baseUrl,
    cdnBaseUrl: sim.cdnBaseUrl,
    allowedHosts: [sim.redirectHost],
    ...options.client,
  });
  return {
    sim,
    client,
    async addBot() {
      const bot = await sim.control.addBot();
      return { bot, account: { accountId: bot.botId, token: bot.token } };
    },
    async close() {
      await client.close();
      await sim.close();
    },
  };
}

/**
 * `startClientUnderTest` in the suite's `beforeAll`, `close()` in its `afterAll`, and a simulator
 * reset before each test; answers the client under test, whose fields are set once `beforeAll`
 * has run.
 */
export function useClientUnderTest(
  options: Parameters<typeof startClientUnderTest>[0] = {},
): ClientUnderTest {
  const t = useHooked(() => startClientUnderTest(options));
  beforeEach(async () => {
    await t.sim.control.reset();
  });
  return t;
}
