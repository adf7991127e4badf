import type { ChildApp } from '../support/child-app.js';
import { FAST_LEASES, useE2eBoot, waitForHandled } from '../support/e2e-boot.js';
import { sleep } from '../support/wait-for.js';

/**
 * A child process runs the app; it is killed with SIGKILL while handlers are busy, at different
 * moments, and started again. Every message must end up handled exactly once (counted in
 * Postgres, written in the same transaction as the inbox row's done mark).
 */
describe('crash safety: SIGKILL while handlers run', () => {
  const t = useE2eBoot('crash_e2e');

  const start = (): ChildApp =>
    t.startChild({
      REPLICA_ID: 'crashy',
      HANDLER_DELAY_MS: '120',
      HANDLER_RANDOM_DELAY: '1',
      // A restarted replica has the same id and takes its own lease back at once.
      ...FAST_LEASES,
    });

  it('handles every message exactly once across 6 kills at different timings', async () => {
    const sent: string[] = [];
    const send = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const user = `u${sent.length % 7}@im.wechat`;
        const r = await t.sim.control.sendText(t.bot.botId, user, `m${sent.length}`);
        sent.push(r.messageId);
      }
    };
    const killDelays = [150, 400, 30, 700, 250, 90];
    for (const delay of killDelays) {
      const child = start();
      await child.ready;
      await send(25);
      await sleep(delay);
      await child.kill('SIGKILL');
    }
    await start().ready;
    await send(10);
    await waitForHandled(t.db, sent.length, 'every message handled', 40_000);
    const { rows } = await t.db.query<{ message_id: string; n: string }>(
      'SELECT message_id, count(*) AS n FROM test_handled GROUP BY message_id',
    );
    const counts = new Map(rows.map((r) => [r.message_id, Number(r.n)]));
    const lost = sent.filter((id) => !counts.has(id));
    const doubled = [...counts].filter(([, n]) => n !== 1);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);
    expect(counts.size).toBe(sent.length);
    const { rows: pending } = await t.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM weixin_inbox WHERE status <> 'done'",
    );
    expect(Number(pending[0]!.n)).toBe(0);
  });
});
