import type { SimBot } from 'nestjs-weixin/testing';
import type { ChildApp } from '../support/child-app.js';
import { useE2eBoot, waitForHandled } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

const TTL_MS = 3_000;
const RENEW_MS = 1_000;

/** Two replicas share one database and four accounts; one of them is killed. */
describe('replicas: one poller per account, failover within TTL + renew', () => {
  const t = useE2eBoot('replicas_e2e', { bots: 4 });

  const start = (replica: string, accounts: SimBot[]): ChildApp =>
    t.startChild(
      {
        REPLICA_ID: replica,
        HANDLER_DELAY_MS: '20',
        LEASE_TTL_MS: String(TTL_MS),
        LEASE_RENEW_MS: String(RENEW_MS),
      },
      accounts,
    );

  const owners = async (): Promise<Map<string, string>> => {
    const { rows } = await t.db.query<{ account_id: string; owner: string }>(
      'SELECT account_id, owner FROM weixin_lease WHERE expires_at > now()',
    );
    return new Map(rows.map((r) => [r.account_id, r.owner]));
  };

  it('polls each account from exactly one replica and fails over after a kill', async () => {
    // Replica A knows accounts 0-1, replica B accounts 2-3: both seed the shared database.
    const a = start('replica-a', t.bots.slice(0, 2));
    await a.ready;
    const b = start('replica-b', t.bots.slice(2));
    await b.ready;
    await waitFor(async () => (await owners()).size === 4, 'all four accounts leased');

    const sent: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const bot of t.bots) {
        sent.push(
          (await t.sim.control.sendText(bot.botId, `user${round}@im.wechat`, `r${round}`))
            .messageId,
        );
      }
    }
    await waitFor(async () => {
      const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM test_handled');
      return Number(rows[0]!.n) >= sent.length;
    }, 'first rounds handled');

    const before = await owners();
    const victim = [...before.values()].includes('replica-a') ? a : b;
    const victimId = victim === a ? 'replica-a' : 'replica-b';
    const survivorId = victim === a ? 'replica-b' : 'replica-a';
    const orphaned = [...before].filter(([, o]) => o === victimId).map(([id]) => id);
    expect(orphaned.length).toBeGreaterThan(0);

    await victim.kill('SIGKILL');
    for (const bot of t.bots) {
      sent.push(
        (await t.sim.control.sendText(bot.botId, 'late@im.wechat', 'after kill')).messageId,
      );
    }
    await waitFor(
      async () => {
        const now = await owners();
        return orphaned.every((id) => now.get(id) === survivorId);
      },
      'survivor took over the orphaned accounts',
      TTL_MS + RENEW_MS + 5_000,
    );
    await waitForHandled(t.db, sent.length, 'all messages handled after failover', 20_000);

    const { rows } = await t.db.query<{ message_id: string; n: string }>(
      'SELECT message_id, count(*) AS n FROM test_handled GROUP BY message_id HAVING count(*) <> 1',
    );
    expect(rows).toEqual([]);
    for (const bot of t.bots) {
      const stats = await t.sim.control.pollers(bot.botId);
      expect(stats.maxConcurrent).toBe(1);
    }
  });
});
