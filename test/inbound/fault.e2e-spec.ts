import type { ChildApp } from '../support/child-app.js';
import { useE2eBoot, waitForHandled } from '../support/e2e-boot.js';
import { sleep, waitFor } from '../support/wait-for.js';

const USERS = 24;
const DRIVE_MS = Number(process.env.FAULT_DRIVE_MS ?? 75_000);
const KILL_EVERY_MS = 15_000;
const TERMINATE_EVERY_MS = 200;
/** The app's connections carry this name, so the faults hit them and not the test's own. */
const APP_NAME = 'weixin-fault-app';

/**
 * The fault campaign as a test: messages from many users while the app's database connections
 * are terminated every 200 ms (what a managed database's failover does) and the app is SIGKILLed
 * and restarted several times. Counted at the end: no process death other than the kills, no
 * message lost or handled twice, every user's messages handled in the order sent, no reply lost
 * or sent twice (a reply whose request was in flight at a kill is recorded `sending`/`unknown`).
 */
describe('fault campaign: connection kills and SIGKILLs under load', () => {
  const t = useE2eBoot('fault_e2e');
  let child: ChildApp;
  let booting = false;
  const deaths: string[] = [];

  // Connections are terminated while the app runs, not while it boots (migrations, seeding).
  const start = async (): Promise<ChildApp> => {
    const appUrl = new URL(t.url);
    appUrl.searchParams.set('application_name', APP_NAME);
    const c = t.startChild({
      KEEP_ALIVE: '1',
      DATABASE_URL: appUrl.toString(),
      REPLICA_ID: 'faulty',
      HANDLER_DELAY_MS: '30',
      HANDLER_RANDOM_DELAY: '1',
      LEASE_TTL_MS: '3000',
      LEASE_RENEW_MS: '500',
    });
    let killed = false;
    c.process.once('exit', (code, signal) => {
      if (!killed) deaths.push(`code ${code}, signal ${signal}: ${c.stderr().slice(-2_000)}`);
    });
    const kill = c.kill;
    c.kill = (signal) => {
      killed = true;
      return kill(signal);
    };
    booting = true;
    await c.ready.catch(() => undefined);
    booting = false;
    return c;
  };

  it('loses nothing, doubles nothing and keeps every user in order', async () => {
    const sent: { user: string; text: string }[] = [];
    let driving = true;
    const drive = (async () => {
      while (driving) {
        const user = `u${sent.length % USERS}@im.wechat`;
        const text = `${user}#${Math.floor(sent.length / USERS)}`;
        await t.sim.control.sendText(t.bot.botId, user, text);
        sent.push({ user, text });
        await sleep(40);
      }
    })();
    const terminate = (async () => {
      while (driving) {
        if (booting) {
          await sleep(20);
          continue;
        }
        await t.db
          .query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = $1 AND pid <> pg_backend_pid()`,
            [APP_NAME],
          )
          .catch(() => undefined);
        await sleep(TERMINATE_EVERY_MS);
      }
    })();
    child = await start();
    const began = Date.now();
    let kills = 0;
    while (Date.now() - began < DRIVE_MS) {
      await sleep(KILL_EVERY_MS / 5);
      const died = child.process.exitCode !== null || child.process.signalCode !== null;
      if (died || Date.now() - began >= (kills + 1) * KILL_EVERY_MS) {
        if (!died) kills += 1;
        await child.kill('SIGKILL');
        child = await start();
      }
    }
    driving = false;
    await Promise.all([drive, terminate]);
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      child = await start();
    }

    await waitForHandled(t.db, sent.length, 'every message handled', 60_000).catch(
      (err: unknown) => err,
    );
    const handled = await t.db.query<{ text: string; user_id: string; n: string; first: string }>(
      `SELECT text, user_id, count(*) AS n, min(id) AS first FROM test_handled GROUP BY text, user_id`,
    );
    const byText = new Map(handled.rows.map((r) => [r.text, r]));
    const lost = sent.filter((m) => !byText.has(m.text)).map((m) => m.text);
    const doubled = handled.rows.filter((r) => Number(r.n) !== 1).map((r) => r.text);
    const violations: string[] = [];
    const last = new Map<string, bigint>();
    for (const m of sent) {
      const r = byText.get(m.text);
      if (!r) continue;
      const at = BigInt(r.first);
      if ((last.get(m.user) ?? -1n) > at) violations.push(m.text);
      last.set(m.user, at);
    }

    // Settled: every user with recorded replies still queued has no reply slot left.
    await waitFor(
      async () => {
        const { rows } = await t.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM weixin_user_context c
           WHERE c.replies_used < 10 AND EXISTS (SELECT 1 FROM weixin_delivery d
             WHERE d.user_id = c.user_id AND d.state = 'queued'
               AND d.idempotency_key LIKE 'inbox:%')`,
        );
        return Number(rows[0]!.n) === 0;
      },
      'the recorded replies sent as far as reply slots are left',
      60_000,
    );
    const received = new Map<string, number>();
    for (const s of await t.sim.control.sent(t.bot.botId)) {
      if (s.accepted && s.text) received.set(s.text, (received.get(s.text) ?? 0) + 1);
    }
    const records = await t.db.query<{ text: string; state: string }>(
      `SELECT i.payload->'item_list'->0->'text_item'->>'text' AS text, d.state
       FROM weixin_inbox i JOIN weixin_delivery d ON d.idempotency_key = 'inbox:' || i.id || ':1'`,
    );
    const recordOf = new Map(records.rows.map((r) => [r.text, r.state]));
    const inFlight = (t: string): boolean => ['sending', 'unknown'].includes(recordOf.get(t) ?? '');
    const waiting = (t: string): boolean => recordOf.get(t) === 'queued';
    const handledTexts = sent.filter((m) => byText.has(m.text)).map((m) => m.text);
    // A reply is lost when its message was handled and it has no record, or a record that is
    // neither sent, nor in flight at a kill (`sending`/`unknown`), nor waiting in the outbox.
    const repliesLost = handledTexts.filter(
      (t) => !received.has(`echo: ${t}`) && !inFlight(t) && !waiting(t),
    );
    const repliesTwice = [...received].filter(([, n]) => n > 1).map(([t]) => t);
    const interrupted = handledTexts.filter((t) => inFlight(t) && !received.has(`echo: ${t}`));
    const queued = handledTexts.filter((t) => waiting(t));
    if (lost.length > 0) {
      const { rows: why } = await t.db.query(
        `SELECT status, attempts, last_error, count(*)::int AS n FROM weixin_inbox
         WHERE payload->'item_list'->0->'text_item'->>'text' = ANY($1)
         GROUP BY 1, 2, 3`,
        [lost],
      );
      console.log(`lost messages in the inbox: ${JSON.stringify(why)}`);
    }
    if (repliesLost.length > 0) {
      const { rows: why } = await t.db.query(
        `SELECT d.state, d.cause, d.reason, count(*)::int AS n
         FROM weixin_inbox i JOIN weixin_delivery d ON d.idempotency_key = 'inbox:' || i.id || ':1'
         WHERE i.payload->'item_list'->0->'text_item'->>'text' = ANY($1) GROUP BY 1, 2, 3`,
        [repliesLost],
      );
      console.log(`lost replies: ${JSON.stringify(why)}`);
    }
    console.log(
      `fault campaign: ${sent.length} messages from ${USERS} users, ${kills} SIGKILLs; ` +
        `${received.size} replies received, ${interrupted.length} in flight at a kill, ` +
        `${queued.length} queued for the user's next message (reply slots of the current token spent)`,
    );

    expect({ deaths, lost, doubled, violations, repliesLost, repliesTwice }).toEqual({
      deaths: [],
      lost: [],
      doubled: [],
      violations: [],
      repliesLost: [],
      repliesTwice: [],
    });
    expect(kills).toBeGreaterThanOrEqual(4);
  }, 240_000);
});
