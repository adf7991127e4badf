import type { SimBot } from 'nestjs-weixin/testing';
import { IlinkClient, MessageItemType } from 'nestjs-weixin';
import { WeixinMessageService } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { median } from './measure.js';
import { startOfficialPeer } from './peers/official/official-peer.driver.js';
import { sleep, startBenchApp } from './support/bench-app.js';
import { withPostgresAndSimulator } from './support/bench-postgres.js';

/** Concurrent users for the throughput figure: enough to saturate the CPU. */
const SATURATED_USERS = 200;
/** A lighter load, reported beside it: there the figure is latency, not throughput. */
const LIGHT_USERS = 50;
/** Timed rounds per load; each runs both sides once, alternating which goes first. */
const ROUNDS = 20;
const QUOTA = 10;
/** Ledger vs raw at 200 users (saturated) and at 50 (light), and ours vs the official client. */
const TARGET_RATIO = 0.85;
const LIGHT_TARGET_RATIO = 0.8;
const OFFICIAL_TARGET_RATIO = 1.5;

/**
 * Sends per second through `WeixinMessageService` (ledger claim, delivery record, outcome on
 * Postgres) vs raw `IlinkClient.sendMessage` to the same in-process simulator, same run: users
 * sending concurrently (one worker per user), 10 sends per context token, 4 fresh tokens per
 * user (inbound messages injected between timed rounds, equally for both sides). Each round runs
 * both sides back to back, so the ratio of a round compares them under the same machine speed; the
 * figure is the median of the rounds' ratios (this VM's speed drifts by up to 2× within a run).
 * The throughput figure is taken with enough users to saturate the CPU; a lighter load is
 * reported beside it. A third side in each round: Tencent's official client in its own process
 * sending the same number of replies with its `sendMessageWeixin`, one after another as its
 * monitor's loop sends them (ours: each user's replies in order, users concurrently).
 */
export const sendLedgerBenchmark: Benchmark = {
  name: 'send-ledger',
  description: `sends through the ledger on Postgres vs raw sendmessage, ${SATURATED_USERS} and ${LIGHT_USERS} concurrent users`,
  async run() {
    return withPostgresAndSimulator({ port: 0, longPollTimeoutMs: 1_000 }, async (pg, sim) => {
      const client = new IlinkClient({ baseUrl: sim.baseUrl, allowedHosts: ['127.0.0.1'] });
      const peer = await startOfficialPeer();
      try {
        const rawBot = await sim.control.addBot();
        const officialBot = await sim.control.addBot();
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
        /** Timed rounds with `count` concurrent users; answers sends/s of both sides. */
        const measure = async (count: number, prefix: string) => {
          const users = Array.from({ length: count }, (_, i) => `${prefix}${i}@im.wechat`);
          let rawMs = 0;
          let ledgerMs = 0;
          let officialMs = 0;
          let accepted = 0;
          const ratios: number[] = [];
          const officialRatios: number[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            const tokens = await refresh(sim.control, rawBot, users);
            await refresh(sim.control, ledgerBot, users);
            const officialTokens = await refresh(sim.control, officialBot, users);
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
            const official = async (): Promise<void> => {
              const burst = await peer.sendBurst({
                baseUrl: sim.baseUrl,
                token: officialBot.token,
                accountId: officialBot.botId,
                targets: users.map((to, u) => ({ to, contextToken: officialTokens[u]! })),
                perTarget: QUOTA,
              });
              if (burst.sent !== count * QUOTA) throw new Error(`official sent ${burst.sent}`);
              officialMs += burst.ms;
            };
            const before = { rawMs, ledgerMs, officialMs };
            if (round % 2 === 0) {
              await raw();
              await ledger();
              await official();
            } else {
              await official();
              await ledger();
              await raw();
            }
            const ledgerRoundMs = ledgerMs - before.ledgerMs;
            ratios.push((rawMs - before.rawMs) / ledgerRoundMs);
            officialRatios.push((officialMs - before.officialMs) / ledgerRoundMs);
          }
          const total = count * QUOTA * ROUNDS;
          if (accepted !== total)
            throw new Error(`only ${accepted} of ${total} ledger sends accepted`);
          return {
            total,
            ours: total / (ledgerMs / 1000),
            raw: total / (rawMs / 1000),
            official: total / (officialMs / 1000),
            ratio: median(ratios),
            officialRatio: median(officialRatios),
            spread: `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
          };
        };
        try {
          while (!bench.polling.isPolling(ledgerBot.botId)) await sleep(20);
          await measure(LIGHT_USERS, 'warm'); // untimed: JIT and connection warm-up for both sides
          const saturated = await measure(SATURATED_USERS, 'sat');
          const light = await measure(LIGHT_USERS, 'light');
          const ratio = saturated.ratio;
          return {
            value: saturated.ours,
            unit: 'sends/s',
            baseline: saturated.raw,
            ratio,
            target:
              `ratio ≥ ${TARGET_RATIO} (${LIGHT_TARGET_RATIO} at ${LIGHT_USERS} users), ` +
              `≥ ${OFFICIAL_TARGET_RATIO}× official`,
            pass:
              ratio >= TARGET_RATIO &&
              light.ratio >= LIGHT_TARGET_RATIO &&
              saturated.officialRatio >= OFFICIAL_TARGET_RATIO &&
              light.officialRatio >= OFFICIAL_TARGET_RATIO,
            notes: [
              `official client (its own process, sends one after another as its loop does): ` +
                `${saturated.official.toFixed(0)} sends/s at ${SATURATED_USERS} users, ours ` +
                `${saturated.officialRatio.toFixed(2)}× it; ${light.official.toFixed(0)} sends/s at ` +
                `${LIGHT_USERS} users, ours ${light.officialRatio.toFixed(2)}× it (medians of rounds)`,
              `${saturated.total} sends each side, ${SATURATED_USERS} concurrent users (CPU saturated), ` +
                `${QUOTA} per context token; all accepted`,
              `ratio: median of ${ROUNDS} rounds (each side once per round), rounds ${saturated.spread}`,
              `at ${LIGHT_USERS} concurrent users (latency-bound): ${light.ours.toFixed(0)} vs ` +
                `${light.raw.toFixed(0)} sends/s, median ratio ${light.ratio.toFixed(2)} ` +
                `(rounds ${light.spread})`,
              'ours, per send: claim + delivery row before the HTTP call and the outcome after, ' +
                'both durable, sharing prepared statements with concurrent sends',
            ],
          };
        } finally {
          await bench.close();
        }
      } finally {
        await peer.close();
        await client.close();
      }
    });
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
