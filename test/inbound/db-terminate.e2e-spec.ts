import type { ChildApp } from '../support/child-app.js';
import { FAST_LEASES, useE2eBoot } from '../support/e2e-boot.js';
import { sleep, waitFor } from '../support/wait-for.js';

const NAME = 'db_terminate_e2e';

/**
 * `pg_terminate_backend` on the app's connections (what a managed database's failover does)
 * must never take the process down: every connection of the app's pool has an `error` listener
 * all its life, also in the moments TypeORM holds one without its own.
 */
describe('terminated Postgres connections', () => {
  const t = useE2eBoot(NAME);
  let child: ChildApp | undefined;
  const sent: string[] = [];

  afterEach(async () => {
    await child?.kill('SIGTERM');
    child = undefined;
  });

  const start = (env: Record<string, string> = {}): ChildApp =>
    t.startChild({
      REPLICA_ID: 'terminated',
      ...FAST_LEASES,
      ...env,
    });
  const alive = (c: ChildApp) => c.process.exitCode === null && c.process.signalCode === null;
  /** Fails with the end of the app's stderr when the app is gone. */
  const expectAlive = (c: ChildApp) =>
    expect(
      alive(c)
        ? 'alive'
        : `${c.process.exitCode}/${c.process.signalCode} ${c.stderr().slice(-3_000)}`,
    ).toBe('alive');
  const send = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const r = await t.sim.control.sendText(
        t.bot.botId,
        `u${sent.length % 5}@im.wechat`,
        `m${sent.length}`,
      );
      sent.push(r.messageId);
    }
  };
  /** Counts of the sent messages by outcome: handled (in `test_handled`), dead, still open. */
  const outcomes = async () => {
    const { rows } = await t.db.query<{ handled: number; dead: number; open: number }>(
      `SELECT count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM test_handled h WHERE h.message_id = i.message_id))::int AS handled,
              count(*) FILTER (WHERE i.status = 'dead')::int AS dead,
              count(*) FILTER (WHERE i.status = 'pending')::int AS open
       FROM weixin_inbox i WHERE i.message_id = ANY ($1)`,
      [sent],
    );
    return rows[0]!;
  };
  /** Waits until every sent message is handled (or, after its attempts, dead-lettered). */
  const settledAll = (app: ChildApp) =>
    waitFor(
      async () => {
        if (!alive(app)) throw new Error(`the app died: ${app.stderr().slice(-1_500)}`);
        const o = await outcomes();
        return o.open === 0 && o.handled + o.dead === sent.length ? o : undefined;
      },
      'every message handled or dead-lettered',
      // Rows whose dispatch met a dead connection wait for the pending sweep (30 s).
      90_000,
    );
  /** Terminates every backend of the app's database except the test's own. */
  const terminateAll = async (): Promise<number> => {
    const { rows } = await t.db.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS done, pid FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [NAME],
    );
    return rows.length;
  };

  it('survives the termination of a connection held without a listener of its own', async () => {
    const app = start({ HOLD_BARE_CONNECTION: '1' });
    child = app;
    const bare = new Promise<number>((resolve) => {
      let out = '';
      app.process.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /BARE (\d+)\n/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    });
    await app.ready;
    const pid = await bare;
    const { rows } = await t.db.query<{ done: boolean }>(
      'SELECT pg_terminate_backend($1) AS done',
      [pid],
    );
    expect(rows[0]!.done).toBe(true);
    // The app keeps working after the error reached the held connection.
    await send(3);
    expect(await settledAll(app)).toMatchObject({ handled: sent.length, dead: 0 });
    expectAlive(app);
    expect(app.stderr()).not.toContain("Unhandled 'error' event");
  });

  it('keeps running and handles every message while its backends are terminated every 200 ms', async () => {
    const app = start({ HANDLER_DELAY_MS: '20', HANDLER_RANDOM_DELAY: '1', KEEP_ALIVE: '1' });
    child = app;
    await app.ready;
    let terminated = 0;
    for (let round = 0; round < 40; round++) {
      await send(2);
      terminated += await terminateAll();
      await sleep(200);
      expectAlive(app);
    }
    expect(terminated).toBeGreaterThan(40);
    // None is lost: each is handled, or dead-lettered (replayable) when every attempt of its
    // handler hit a terminated connection.
    const settled = await settledAll(app);
    expect(settled.open).toBe(0);
    expectAlive(app);
    expect(app.stderr()).not.toContain("Unhandled 'error' event");
  }, 150_000);
});
