import type { ChildApp } from '../support/child-app.js';
import { FAST_LEASES, useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

const USER = 'replayed@im.wechat';
const ROWS = 120;

/**
 * A restarted app replays the rows it left pending; one user's rows must run in the order they
 * arrived (id order), also across the ids 99 → 100, and none may be skipped until a later sweep.
 */
describe('replay after a restart keeps one user’s order', () => {
  const t = useE2eBoot('replay_order_e2e');

  const start = (): ChildApp => t.startChild({ REPLICA_ID: 'replayer', ...FAST_LEASES });

  it(`handles ${ROWS} pending rows of one user in id order`, async () => {
    let child = start();
    await child.ready;
    const first = await t.sim.control.sendText(t.bot.botId, USER, 'first');
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM test_handled')).rowCount === 1,
      'the first message handled',
    );
    await child.kill('SIGKILL');

    // Rows a crashed replica left pending, with ids 95 … 214 (two and three digits).
    await t.db.query('ALTER SEQUENCE weixin_inbox_id_seq RESTART WITH 95');
    for (let i = 0; i < ROWS; i++) {
      const id = String(5_000_000 + i);
      const payload = {
        message_id: id,
        from_user_id: USER,
        to_user_id: t.bot.botId,
        create_time_ms: Date.now(),
        message_type: 1,
        message_state: 2,
        context_token: first.contextToken,
        item_list: [{ type: 1, text_item: { text: `r${i}` } }],
      };
      await t.db.query(
        `INSERT INTO weixin_inbox (account_id, message_id, fingerprint, user_id, payload)
         VALUES ($1, $2, $3, $4, $5)`,
        [t.bot.botId, id, `fp-${id}`, USER, JSON.stringify(payload)],
      );
    }

    child = start();
    await child.ready;
    await waitFor(
      async () => {
        const { rows } = await t.db.query<{ n: string }>(
          "SELECT count(*) AS n FROM test_handled WHERE text LIKE 'r%'",
        );
        return Number(rows[0]!.n) === ROWS;
      },
      'every pending row handled',
      40_000,
    );
    const { rows } = await t.db.query<{ text: string }>(
      "SELECT text FROM test_handled WHERE text LIKE 'r%' ORDER BY id",
    );
    expect(rows.map((r) => r.text)).toEqual(Array.from({ length: ROWS }, (_, i) => `r${i}`));
  });
});
