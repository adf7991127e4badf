import type { SimBot } from 'nestjs-weixin/testing';
import type { ChildApp } from '../support/child-app.js';
import { useE2eBoot, waitForHandled } from '../support/e2e-boot.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { HANDLED_TABLE_SQL, STARTED_TABLE_SQL } from '../fixtures/counting.handler.js';

const ACCOUNTS = 30;
const REPLICAS = ['replica-a', 'replica-b', 'replica-c'];

/**
 * Three replicas join one after another while messages keep arriving: the accounts end split
 * 10 / 10 / 10, each handed over without a second poller, no message lost or handled twice.
 */
describe('replicas share the accounts fairly', () => {
  const t = useE2eBoot('fair_share_e2e', {
    bots: ACCOUNTS,
    setupSql: [HANDLED_TABLE_SQL, STARTED_TABLE_SQL],
  });

  const start = (replica: string, accounts: SimBot[]): ChildApp =>
    t.startChild(
      {
        REPLICA_ID: replica,
        HANDLER_DELAY_MS: '1000',
        RECORD_STARTS: '1',
        LEASE_TTL_MS: '3000',
        LEASE_RENEW_MS: '500',
      },
      accounts,
    );

  /** Live leases per replica. */
  const shares = async (): Promise<Record<string, number>> => {
    const { rows } = await t.db.query<{ owner: string; n: number }>(
      `SELECT owner, count(*)::int AS n FROM weixin_lease WHERE expires_at > now() GROUP BY owner`,
    );
    return Object.fromEntries(rows.map((r) => [r.owner, r.n]));
  };

  it('ends with 10 ± 1 accounts per replica, 0 lost, 0 handled twice, 1 poller at a time', async () => {
    await start(REPLICAS[0]!, t.bots).ready;
    await waitFor(async () => (await shares())[REPLICAS[0]!] === ACCOUNTS, 'A holds every account');

    const sent: string[] = [];
    let injecting = true;
    // Rounds of one message per account every 1.5 s, each handled in 1 s: most accounts have a
    // handler running when they are handed over.
    const injector = (async () => {
      for (let round = 0; injecting; round++) {
        for (const bot of t.bots) {
          const msg = await t.sim.control.sendText(
            bot.botId,
            `user${round % 7}@im.wechat`,
            `m${round}`,
          );
          sent.push(msg.messageId);
        }
        await sleep(1_500);
      }
    })();

    await start(REPLICAS[1]!, []).ready;
    await waitFor(
      async () => {
        const s = await shares();
        return s[REPLICAS[0]!] === 15 && s[REPLICAS[1]!] === 15;
      },
      'A hands half of the accounts to B',
      20_000,
    );
    await start(REPLICAS[2]!, []).ready;
    const fair = (s: Record<string, number>) =>
      REPLICAS.every((r) => Math.abs((s[r] ?? 0) - ACCOUNTS / REPLICAS.length) <= 1) &&
      REPLICAS.reduce((n, r) => n + (s[r] ?? 0), 0) === ACCOUNTS;
    await waitFor(async () => fair(await shares()), 'the accounts split over three', 20_000);
    await sleep(2_000);
    injecting = false;
    await injector;

    await waitForHandled(t.db, sent.length, 'every injected message handled', 30_000);
    const final = await shares();
    expect(fair(final)).toBe(true);

    const doubled = await t.db.query(
      'SELECT message_id FROM test_handled GROUP BY message_id HAVING count(*) > 1',
    );
    expect(doubled.rows).toEqual([]);
    // No handler run started twice either (a second run would roll back, but still run).
    const startedTwice = await t.db.query(
      'SELECT message_id FROM test_started GROUP BY message_id HAVING count(*) > 1',
    );
    expect(startedTwice.rows).toEqual([]);
    const handledBy = await t.db.query<{ replica: string }>(
      'SELECT DISTINCT replica FROM test_handled ORDER BY replica',
    );
    expect(handledBy.rows.map((r) => r.replica)).toEqual(REPLICAS);
    for (const bot of t.bots) {
      expect((await t.sim.control.pollers(bot.botId)).maxConcurrent).toBe(1);
    }
    expect(sent.length).toBeGreaterThan(100);
  }, 120_000);
});
