import { startSimulator, type SimBot } from '@app/ilink-simulator';
import { IlinkClient, MessageItemType } from '@app/weixin';
import { WeixinMessageService } from '../libs/weixin/src/outbound/weixin-message.service.js';
import type { Benchmark } from './benchmark.types.js';
import { sleep, startBenchApp } from './support/bench-app.js';
import { startBenchPostgres } from './support/bench-postgres.js';

const USERS = 50;
const ROUNDS = 4;
const QUOTA = 10;
const TARGET_RATIO = 0.8;

/**
 * Sends per second through `WeixinMessageService` (ledger claim, delivery record, outcome on
 * Postgres) vs raw `IlinkClient.sendMessage` to the same in-process simulator, same run: 50 users
 * sending concurrently (one worker per user), 10 sends per context token, 4 fresh tokens per
 * user (inbound messages injected between timed rounds, equally for both sides).
 */
export const sendLedgerBenchmark: Benchmark = {
  name: 'send-ledger',
  description: `${USERS * QUOTA * ROUNDS} sends through the ledger on Postgres vs raw sendmessage`,
  async run() {
    const pg = await startBenchPostgres();
    const sim = await startSimulator({ port: 0, longPollTimeoutMs: 1_000 });
    const client = new IlinkClient({ baseUrl: sim.baseUrl, allowedHosts: ['127.0.0.1'] });
    const users = Array.from({ length: USERS }, (_, i) => `bench${i}@im.wechat`);
    try {
      const rawBot = await sim.control.addBot();
      const ledgerBot = await sim.control.addBot();
      const bench = await startBenchApp(
        await pg.database('bench_send_ledger'),
        {
          baseUrl: sim.baseUrl,
          cdnBaseUrl: sim.cdnBaseUrl,
          allowedHosts: ['127.0.0.1'],
          accounts: [{ id: ledgerBot.botId, token: ledgerBot.token }],
          polling: { longPollTimeoutMs: 1_000 },
        },
        [],
      );
      const messages = bench.app.get(WeixinMessageService);
      let rawMs = 0;
      let ledgerMs = 0;
      let accepted = 0;
      try {
        while (!bench.polling.isPolling(ledgerBot.botId)) await sleep(20);
        for (let round = 0; round < ROUNDS; round++) {
          const tokens = await refresh(sim.control, rawBot, users);
          await refresh(sim.control, ledgerBot, users);
          for (const user of users) {
            while ((await messages.ledger(ledgerBot.botId, user)).remaining !== QUOTA)
              await sleep(5);
          }
          const raw = async (): Promise<void> => {
            const account = { accountId: rawBot.botId, token: rawBot.token };
            const t0 = performance.now();
            await Promise.all(
              users.map(async (user, u) => {
                for (let i = 0; i < QUOTA; i++) {
                  await client.sendMessage(account, {
                    to_user_id: user,
                    context_token: tokens[u],
                    item_list: [{ type: MessageItemType.Text, text_item: { text: `r${i}` } }],
                  });
                }
              }),
            );
            rawMs += performance.now() - t0;
          };
          const ledger = async (): Promise<void> => {
            const t0 = performance.now();
            await Promise.all(
              users.map(async (user) => {
                for (let i = 0; i < QUOTA; i++) {
                  const [r] = await messages.send(ledgerBot.botId, user, `l${i}`);
                  if (r?.state === 'accepted') accepted += 1;
                }
              }),
            );
            ledgerMs += performance.now() - t0;
          };
          if (round % 2 === 0) {
            await raw();
            await ledger();
          } else {
            await ledger();
            await raw();
          }
        }
      } finally {
        await bench.close();
      }
      const total = USERS * QUOTA * ROUNDS;
      if (accepted !== total) throw new Error(`only ${accepted} of ${total} ledger sends accepted`);
      const ours = total / (ledgerMs / 1000);
      const baseline = total / (rawMs / 1000);
      const ratio = ours / baseline;
      return {
        value: ours,
        unit: 'sends/s',
        baseline,
        ratio,
        target: `ratio ≥ ${TARGET_RATIO}`,
        pass: ratio >= TARGET_RATIO,
        notes: [
          `${total} sends each side, ${USERS} concurrent users, ${QUOTA} per context token`,
          'ours: claim + delivery row + outcome row on Postgres per send; all accepted',
        ],
      };
    } finally {
      await client.close();
      await sim.close();
      await pg.stop();
    }
  },
};

/** A new inbound message from each user; answers the context tokens, in user order. */
async function refresh(
  control: {
    sendText(botId: string, user: string, text: string): Promise<{ contextToken: string }>;
  },
  bot: SimBot,
  users: string[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (const user of users)
    tokens.push((await control.sendText(bot.botId, user, 'hi')).contextToken);
  return tokens;
}
