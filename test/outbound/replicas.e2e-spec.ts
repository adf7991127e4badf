import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { openSchemaDatabase } from '../support/schema-database.js';
import { waitFor } from '../support/wait-for.js';

describe('outbound: two replicas share the reply ledger', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let url: string;
  let dir: string;
  const children: ChildApp[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, longPollTimeoutMs: 1_000 });
    bot = await sim.control.addBot();
    const db = await openSchemaDatabase('outbound_replicas', { migrationsRun: true });
    url = db.url;
    await db.close();
    dir = mkdtempSync(join(tmpdir(), 'outbound-replicas-'));
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGTERM')));
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts at most 10 of 30 concurrent sends per context token and queues the rest', async () => {
    const user = 'zoe@im.wechat';
    const go = join(dir, 'go');
    for (const replica of ['r1', 'r2']) {
      children.push(
        startChildApp(
          {
            DATABASE_URL: url,
            SIM_BASE_URL: sim.baseUrl,
            SIM_CDN_BASE_URL: sim.cdnBaseUrl,
            ACCOUNTS: JSON.stringify([{ id: bot.botId, token: bot.token }]),
            REPLICA_ID: replica,
            TO_USER: user,
            SENDS: '15',
            GO_FILE: go,
          },
          'outbound-app',
        ),
      );
    }
    await Promise.all(children.map((c) => c.ready));
    const injected = await sim.control.sendText(bot.botId, user, 'hello');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await waitFor(async () => {
        const { rows } = await db.query<{ context_token: string }>(
          'SELECT context_token FROM weixin_user_context WHERE account_id = $1 AND user_id = $2',
          [bot.botId, user],
        );
        return rows[0]?.context_token === injected.contextToken;
      }, 'context token stored');
      writeFileSync(go, 'go');
      const results = await waitFor(
        () => {
          const lines = children.map((c) => /RESULT (.*)/.exec(c.stdout())?.[1]);
          return lines.every(Boolean) ? lines.map((l) => JSON.parse(l!) as string[]) : undefined;
        },
        'both replicas sent',
        30_000,
      );
      const states = results.flat();
      expect(states).toHaveLength(30);
      expect(states.filter((s) => s === 'accepted')).toHaveLength(10);
      expect(states.filter((s) => s === 'queued')).toHaveLength(20);
      const sent = await sim.control.sent(bot.botId, user);
      expect(sent.filter((s) => s.accepted)).toHaveLength(10);
      expect(sent.filter((s) => !s.accepted)).toHaveLength(0);
      const { rows } = await db.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM weixin_delivery WHERE account_id = $1
         GROUP BY state ORDER BY state`,
        [bot.botId],
      );
      expect(rows).toEqual([
        { state: 'accepted', n: 10 },
        { state: 'queued', n: 20 },
      ]);
    } finally {
      await db.end();
    }
  });
});
