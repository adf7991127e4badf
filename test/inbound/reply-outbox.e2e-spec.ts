import { Injectable, type INestApplicationContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import pg from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import { jest } from '@jest/globals';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';
import { ReplyRecordStore } from 'nestjs-weixin/internal';
import { createTestDatabase } from '../support/test-database.js';
import type { ChildApp } from '../support/child-app.js';
import { FAST_LEASES, startSimApp, useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';
import { CountingHandler, HANDLED_TABLE_SQL } from '../fixtures/counting.handler.js';

/** Replies to `plain: …` with `ctx.reply()` before its transaction and a returned reply after. */
@Injectable()
class ReplyTwiceHandler {
  @OnWeixinMessage({ text: /^plain: / })
  async onPlain(ctx: WeixinMessageContext): Promise<string> {
    const tag = ctx.text.slice('plain: '.length);
    await ctx.reply(`early ${tag}`);
    await ctx.transaction((manager: EntityManager) =>
      manager.query(
        'INSERT INTO test_handled (account_id, message_id, user_id, text, replica) VALUES ($1, $2, $3, $4, $5)',
        [ctx.accountId, ctx.messageId, ctx.from, ctx.text, 'main'],
      ),
    );
    return `late ${tag}`;
  }
}

/** Returns a reply, with no transaction: the done mark, record and claim are one statement. */
@Injectable()
class ReturnOnlyHandler {
  @OnWeixinMessage({ text: /^lost / })
  onLost(ctx: WeixinMessageContext): string {
    return `got ${ctx.text}`;
  }

  // In a handler transaction: the replies are recorded and claimed in it, before its commit.
  @OnWeixinMessage({ text: /^tx / })
  async onTx(ctx: WeixinMessageContext): Promise<string> {
    await ctx.transaction((manager: EntityManager) => manager.query('SELECT 1'));
    return `got ${ctx.text}`;
  }
}

/** Every reply claim (newest or own token) fails while `test_fail_claims` has a row. */
const FAIL_CLAIMS_SQL = [
  'CREATE TABLE IF NOT EXISTS test_fail_claims (on_ boolean)',
  `CREATE OR REPLACE FUNCTION test_fail_claim() RETURNS trigger AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM test_fail_claims) THEN
       RAISE EXCEPTION 'injected failure of a reply claim';
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER test_fail_claim BEFORE UPDATE ON weixin_user_context FOR EACH ROW
   WHEN (NEW.replies_used > OLD.replies_used) EXECUTE FUNCTION test_fail_claim()`,
  // Replies to older messages claim under their own token's row.
  `CREATE TRIGGER test_fail_own_claim BEFORE UPDATE ON weixin_context_token FOR EACH ROW
   WHEN (NEW.replies_used > OLD.replies_used) EXECUTE FUNCTION test_fail_claim()`,
];

/** The state of each message's reply record, by the message's text. */
async function replyRecords(db: pg.Client): Promise<Map<string, string>> {
  const { rows } = await db.query<{ text: string; state: string }>(
    `SELECT i.payload->'item_list'->0->'text_item'->>'text' AS text, d.state
     FROM weixin_inbox i JOIN weixin_delivery d ON d.idempotency_key = 'inbox:' || i.id || ':1'`,
  );
  return new Map(rows.map((r) => [r.text, r.state]));
}

/** Whether a reply record was claimed for a request that a kill interrupted. */
const inFlight = (state: string | undefined): boolean => state === 'sending' || state === 'unknown';

/** The accepted texts the simulator received, with how often each arrived. */
async function receivedTexts(sim: IlinkSimulator, bot: SimBot): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const s of await sim.control.sent(bot.botId)) {
    if (s.accepted && s.text !== undefined) counts.set(s.text, (counts.get(s.text) ?? 0) + 1);
  }
  return counts;
}

/**
 * A handler's replies are recorded in the transaction of its done mark and sent after it: a
 * SIGKILL right after the handler's transaction or right after the commit, or a database error
 * after the commit, neither loses a reply nor sends one twice.
 */
describe('reply outbox: replies survive a crash or a database error after the commit', () => {
  const boot = useE2eBoot('reply_outbox_e2e');

  it('loses no reply and sends none twice across SIGKILLs after the transaction and after the commit', async () => {
    const { sim, bot, db } = boot;
    const start = (kill: Record<string, string>): ChildApp =>
      boot.startChild({
        KEEP_ALIVE: '1',
        REPLICA_ID: 'outboxy',
        ...FAST_LEASES,
        ...kill,
      });
    const sent: string[] = [];
    const send = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const text = `m${sent.length}`;
        await sim.control.sendText(bot.botId, `u${sent.length % 4}@im.wechat`, text);
        sent.push(text);
      }
    };
    const kills: Record<string, string>[] = [
      { KILL_AFTER_TRANSACTIONS: '3' },
      { KILL_ON_HANDLED: '2' },
      { KILL_AFTER_TRANSACTIONS: '1' },
      { KILL_ON_HANDLED: '5' },
    ];
    for (const kill of kills) {
      const child = start(kill);
      await child.ready;
      const exited = new Promise<void>((done) => child.process.once('exit', () => done()));
      await send(8);
      await exited;
    }
    await start({}).ready;
    await send(4);
    // A reply whose request was in flight when the process died stays `sending` (later `unknown`):
    // it may or may not have reached the server, so it is never resent. Every other reply arrives.
    const settled = async (): Promise<boolean> => {
      const got = await receivedTexts(sim, bot);
      const records = await replyRecords(db);
      return sent.every((t) => got.has(`echo: ${t}`) || inFlight(records.get(t)));
    };
    await waitFor(settled, 'a reply to every message', 30_000);
    const got = await receivedTexts(sim, bot);
    const records = await replyRecords(db);
    expect(sent.filter((t) => !records.has(t))).toEqual([]);
    expect(sent.filter((t) => !got.has(`echo: ${t}`) && !inFlight(records.get(t)))).toEqual([]);
    expect([...got].filter(([, n]) => n !== 1)).toEqual([]);
    const { rows } = await db.query<{ message_id: string; n: string }>(
      'SELECT message_id, count(*) AS n FROM test_handled GROUP BY message_id HAVING count(*) <> 1',
    );
    expect(rows).toEqual([]);
    const interrupted = sent.filter((t) => !got.has(`echo: ${t}`));
    console.log(`${interrupted.length} reply request(s) in flight at a kill: ${interrupted}`);
  });

  describe('in process, with the answer of the done statement lost after its commit', () => {
    let app: INestApplicationContext;
    let bot3: SimBot;
    let db: pg.Client;

    beforeAll(async () => {
      bot3 = await boot.sim.control.addBot();
      const url = await createTestDatabase('reply_outbox_lost_answer_e2e');
      app = await startSimApp(boot.sim, [bot3], url, [ReturnOnlyHandler], {
        dispatch: { retryDelayMs: 20 },
      });
      db = new pg.Client({ connectionString: url });
      await db.connect();
    });

    afterAll(async () => {
      await app?.close();
      await db?.end();
    });

    /** The `(state, n)` rows of `sql` once none is `sending` (its outcome not stored yet). */
    const settledStates = (sql: string) =>
      waitFor(async () => {
        const { rows } = await db.query<{ state: string; n: string }>(sql);
        return rows.some((r) => r.state === 'sending') ? undefined : rows;
      }, 'the outcomes of the replies');

    /** Sends `<text> 0`… from `user(i)`, each once the reply to the one before is in. */
    const sendOneByOne = async (
      text: string,
      count: number,
      user: (i: number) => string,
    ): Promise<void> => {
      for (let i = 0; i < count; i++) {
        await boot.sim.control.sendText(bot3.botId, user(i), `${text} ${i}`);
        await waitFor(
          async () => (await receivedTexts(boot.sim, bot3)).has(`got ${text} ${i}`),
          `the reply to message ${i}`,
        );
      }
    };

    it('sends the replies that a committed handler transaction claimed when its commit answer was lost', async () => {
      const real = PostgresQueryRunner.prototype.commitTransaction;
      let lost = 0;
      const spy = jest
        .spyOn(PostgresQueryRunner.prototype, 'commitTransaction')
        .mockImplementation(async function (this: PostgresQueryRunner) {
          await real.call(this);
          if (lost < 2) {
            lost += 1;
            throw new Error('Connection terminated unexpectedly');
          }
        });
      try {
        await sendOneByOne('tx', 4, (i) => `t${i % 2}@im.wechat`);
      } finally {
        spy.mockRestore();
      }
      expect(lost).toBe(2);
      const got = await receivedTexts(boot.sim, bot3);
      expect([0, 1, 2, 3].map((i) => got.get(`got tx ${i}`))).toEqual([1, 1, 1, 1]);
      // The simulator has a reply before its outcome is stored: wait for the outcomes.
      const rows = await settledStates(
        'SELECT state, count(*) AS n FROM weixin_delivery GROUP BY state',
      );
      expect(rows).toEqual([{ state: 'accepted', n: '4' }]);
    });

    it('sends the replies that the committed statement claimed, each once and in order', async () => {
      const outbox = app.get(ReplyRecordStore);
      const real = outbox.recordWithDone.bind(outbox);
      const lost = new Set<string>();
      const spy = jest.spyOn(outbox, 'recordWithDone').mockImplementation(async (...args) => {
        const answer = await real(...args);
        // The first try for each of three messages committed; the client sees a broken
        // connection instead of its answer.
        const inboxId = args[0].inboxId;
        if (lost.size < 3 && !lost.has(inboxId)) {
          lost.add(inboxId);
          throw new Error('Connection terminated unexpectedly');
        }
        return answer;
      });
      try {
        // One message at a time, so that each is its user's newest and its reply is claimed by
        // the done statement itself.
        await sendOneByOne('lost', 6, (i) => `w${i % 3}@im.wechat`);
        expect(lost.size).toBe(3);
        const got = await receivedTexts(boot.sim, bot3);
        expect([...got].filter(([, n]) => n !== 1)).toEqual([]);
        for (let u = 0; u < 3; u++) {
          const order = (await boot.sim.control.sent(bot3.botId, `w${u}@im.wechat`))
            .filter((s) => s.accepted)
            .map((s) => s.text);
          expect(order).toEqual([`got lost ${u}`, `got lost ${u + 3}`]);
        }
        const rows = await settledStates(
          "SELECT state, count(*) AS n FROM weixin_delivery WHERE idempotency_key LIKE 'inbox:%' AND text LIKE 'got lost %' GROUP BY state",
        );
        expect(rows).toEqual([{ state: 'accepted', n: '6' }]);
      } finally {
        spy.mockRestore();
      }
    });

    it('marks the message handled when the claim in its done statement fails, and sends the reply later', async () => {
      for (const sql of FAIL_CLAIMS_SQL) await db.query(sql);
      await db.query('INSERT INTO test_fail_claims VALUES (true)');
      try {
        await boot.sim.control.sendText(bot3.botId, 'w9@im.wechat', 'lost late');
        await waitFor(async () => {
          const { rows } = await db.query<{ state: string }>(
            "SELECT d.state FROM weixin_delivery d WHERE d.text = 'got lost late'",
          );
          return rows[0]?.state === 'queued';
        }, 'the reply recorded queued with its done mark');
        const { rows } = await db.query<{ status: string }>(
          "SELECT status FROM weixin_inbox WHERE payload->'item_list'->0->'text_item'->>'text' = 'lost late'",
        );
        expect(rows).toEqual([{ status: 'done' }]);
        expect((await receivedTexts(boot.sim, bot3)).has('got lost late')).toBe(false);
      } finally {
        await db.query('DELETE FROM test_fail_claims');
      }
      await waitFor(
        async () => (await receivedTexts(boot.sim, bot3)).get('got lost late') === 1,
        'the queued reply sent once the claims work again',
        30_000,
      );
    });
  });

  describe('in process, with reply claims failing after the commit', () => {
    let app: INestApplicationContext;
    let bot2: SimBot;
    let sim: IlinkSimulator;
    let db: pg.Client;

    beforeAll(async () => {
      sim = boot.sim;
      bot2 = await sim.control.addBot();
      const url2 = await createTestDatabase('reply_outbox_db_error_e2e');
      app = await startSimApp(sim, [bot2], url2, [CountingHandler, ReplyTwiceHandler], {
        dispatch: { retryDelayMs: 20 },
      });
      db = new pg.Client({ connectionString: url2 });
      await db.connect();
      await db.query(HANDLED_TABLE_SQL);
      for (const sql of FAIL_CLAIMS_SQL) await db.query(sql);
    });

    afterAll(async () => {
      await app?.close();
      await db?.end();
    });

    it('sends the recorded replies once the database recovers, each once and in order', async () => {
      await db.query('INSERT INTO test_fail_claims VALUES (true)');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const user = `v${i % 3}@im.wechat`;
        ids.push((await sim.control.sendText(bot2.botId, user, `n${i}`)).messageId);
        ids.push((await sim.control.sendText(bot2.botId, user, `plain: p${i}`)).messageId);
      }
      await waitFor(async () => {
        const { rows } = await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM weixin_inbox WHERE status = 'done'",
        );
        return Number(rows[0]!.n) === ids.length;
      }, 'every message handled while the claims fail');
      expect((await receivedTexts(sim, bot2)).size).toBe(0);
      await db.query('DELETE FROM test_fail_claims');

      const expected = [0, 1, 2, 3, 4, 5].flatMap((i) => [
        `echo: n${i}`,
        `early p${i}`,
        `late p${i}`,
      ]);
      await waitFor(
        async () => {
          const got = await receivedTexts(sim, bot2);
          return expected.every((t) => got.has(t));
        },
        'every reply after the recovery',
        30_000,
      );
      const got = await receivedTexts(sim, bot2);
      expect([...got].filter(([, n]) => n !== 1)).toEqual([]);
      expect(got.size).toBe(expected.length);
      for (let u = 0; u < 3; u++) {
        const order = (await sim.control.sent(bot2.botId, `v${u}@im.wechat`))
          .filter((s) => s.accepted)
          .map((s) => s.text);
        const mine = expected.filter((t) => [u, u + 3].some((i) => t.endsWith(`${i}`)));
        expect(order).toEqual(mine);
      }
      const { rows } = await db.query<{ message_id: string; n: string }>(
        'SELECT message_id, count(*) AS n FROM test_handled GROUP BY message_id HAVING count(*) <> 1',
      );
      expect(rows).toEqual([]);
    });
  });
});
