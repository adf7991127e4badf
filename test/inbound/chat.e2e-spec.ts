import type pg from 'pg';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import type { ChildApp } from '../support/child-app.js';
import { FAST_LEASES, useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';
import { CHAT_CALLS_TABLE_SQL } from '../fixtures/chat.handlers.js';

/**
 * Commands and a three-step wizard in a child-process app against the simulator and Postgres:
 * the wizard survives SIGKILLs between steps and inside a step (before its commit) and resumes
 * at the right step; a command with bad arguments answers its usage without calling the
 * handler; `/help` lists the commands; the bot's echoes never reach a handler; group messages
 * carry their group when delivered.
 */
describe('commands and wizards across SIGKILLs', () => {
  let sim: IlinkSimulator;
  let db: pg.Client;
  let bot: SimBot;
  let child: ChildApp | undefined;

  const boot = useE2eBoot('chat_e2e', { setupSql: [CHAT_CALLS_TABLE_SQL] });
  beforeAll(() => {
    ({ sim, db, bot } = boot);
  });

  const start = async (env: Record<string, string> = {}): Promise<ChildApp> => {
    const c = boot.startChild({
      HANDLERS: 'chat',
      GROUP_MESSAGES: 'deliver',
      REPLICA_ID: 'chatty',
      // A restarted replica has the same id and takes its own lease back at once.
      ...FAST_LEASES,
      ...env,
    });
    await c.ready;
    return c;
  };

  const replies = async (user: string): Promise<string[]> =>
    (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted).map((s) => s.text ?? '');

  /** Sends `text` from `user` and waits for the user's `n`-th reply (1-based), answering it. */
  const ask = async (user: string, text: string, n: number): Promise<string> => {
    await sim.control.sendText(bot.botId, user, text);
    const all = await waitFor(
      async () => {
        const got = await replies(user);
        return got.length >= n ? got : undefined;
      },
      `reply ${n} to ${user}`,
      20_000,
    );
    return all[n - 1]!;
  };

  const calls = async (user: string) =>
    (
      await db.query<{ handler: string; text: string }>(
        'SELECT handler, text FROM test_chat_calls WHERE user_id = $1 ORDER BY id',
        [user],
      )
    ).rows;

  const conversation = async (user: string) =>
    (
      await db.query<{ scene: string; step: number; state: Record<string, unknown>; ttl: number }>(
        `SELECT scene, step, state,
           extract(epoch FROM expires_at - now())::int AS ttl
         FROM weixin_conversation WHERE user_id = $1`,
        [user],
      )
    ).rows[0];

  it('resumes a three-step wizard at the right step after SIGKILLs between and inside steps, on another replica too', async () => {
    const user = 'wizard-user@im.wechat';
    child = await start();
    expect(await ask(user, '/survey', 1)).toBe('Q1: your name?');
    expect(await conversation(user)).toMatchObject({ scene: 'survey', step: 1, state: {} });
    expect(await ask(user, 'Ann', 2)).toBe('Q2: your age?');
    const afterOne = await conversation(user);
    expect(afterOne).toMatchObject({ scene: 'survey', step: 2, state: { name: 'Ann' } });
    // The timeout (10 min by default) is renewed by each step, on the database clock.
    expect(afterOne!.ttl).toBeGreaterThan(590);

    // Between steps.
    await child.kill('SIGKILL');
    child = await start({ KILL_IN_STEP: '2' });
    await sim.control.sendText(bot.botId, user, '33');
    // Inside step 2: its work and its move were made, then the process died before the commit.
    await waitFor(() => child!.process.signalCode === 'SIGKILL', 'the kill inside step 2');
    expect(await conversation(user)).toMatchObject({ step: 2, state: { name: 'Ann' } });
    expect((await calls(user)).map((c) => c.handler)).toEqual(['survey:1']);
    expect(await replies(user)).toHaveLength(2);

    child = await start();
    // The message is replayed at step 2, which now commits.
    const third = await waitFor(async () => (await replies(user))[2], 'the replayed step 2');
    expect(third).toBe('Q3: your city?');
    expect(await conversation(user)).toMatchObject({ step: 3, state: { name: 'Ann', age: 33 } });

    // Between steps again; another replica takes the account over once the lease expires.
    await child.kill('SIGKILL');
    child = await start({ REPLICA_ID: 'chatty-2' });
    expect(await ask(user, 'Paris', 4)).toBe('thanks Ann, 33, Paris');
    expect(await conversation(user)).toBeUndefined();
    expect(await calls(user)).toEqual([
      { handler: 'survey:1', text: 'Ann' },
      { handler: 'survey:2', text: '33' },
      { handler: 'survey:3', text: 'Paris' },
    ]);
    // Out of the wizard, text reaches the message handler again.
    expect(await ask(user, 'hello', 5)).toBe('echo: hello');
    expect(await replies(user)).toEqual([
      'Q1: your name?',
      'Q2: your age?',
      'Q3: your city?',
      'thanks Ann, 33, Paris',
      'echo: hello',
    ]);
  });

  it('stays at a step that asks again, and reports a timed-out wizard to the next handler', async () => {
    const user = 'slow-user@im.wechat';
    child ??= await start();
    expect(await ask(user, '/survey', 1)).toBe('Q1: your name?');
    expect(await ask(user, 'Bo', 2)).toBe('Q2: your age?');
    expect(await ask(user, 'old', 3)).toBe('Q2 again: your age, as a number?');
    expect(await conversation(user)).toMatchObject({ step: 2, state: { name: 'Bo', retries: 1 } });
    // The wizard's time runs out (on the database clock, which decides).
    await db.query(
      `UPDATE weixin_conversation SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user],
    );
    expect(await ask(user, '40', 4)).toBe('timed out at survey step 2: 40');
    expect(await conversation(user)).toBeUndefined();
    expect((await calls(user)).map((c) => c.handler)).toEqual(['survey:1', 'echo']);
  });

  it('answers the usage of a command with bad arguments without calling its handler', async () => {
    const user = 'command-user@im.wechat';
    child ??= await start();
    const usage = 'Usage: /order <item> [qty:integer]';
    expect(await ask(user, '/order', 1)).toBe(`<item> is missing. ${usage}`);
    expect(await ask(user, '/order tea many', 2)).toBe(
      `<qty> must be a whole number, got "many". ${usage}`,
    );
    expect(await ask(user, '/order tea 2 3', 3)).toBe(`unexpected "3". ${usage}`);
    // Neither the command handler nor the catch-all text handler ran for them.
    expect(await calls(user)).toEqual([]);
    expect(await ask(user, '／ORDER "green tea" 2', 4)).toBe('ordered 2 × green tea');
    expect(await calls(user)).toEqual([{ handler: 'order', text: '／ORDER "green tea" 2' }]);
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM weixin_inbox WHERE user_id = $1 AND status = 'done'`,
      [user],
    );
    expect(Number(rows[0]!.n)).toBe(4);
    expect(await replies(user)).toHaveLength(4);
  });

  it('lists the commands on /help, and /cancel leaves a wizard', async () => {
    const user = 'help-user@im.wechat';
    child ??= await start();
    expect(await ask(user, '/help', 1)).toBe(
      [
        'Commands:',
        '/order <item> [qty:integer] — order something',
        '    item: what to order',
        '/survey — answer three questions',
        '/cancel',
        '/help — list the commands',
      ].join('\n'),
    );
    expect(await ask(user, '/survey', 2)).toBe('Q1: your name?');
    // A command wins over the wizard step.
    expect(await ask(user, '/cancel', 3)).toBe('left survey');
    expect(await conversation(user)).toBeUndefined();
    expect(await calls(user)).toEqual([]);
  });

  it("never hands the bot's own echoes to a handler, and gives group messages their group", async () => {
    const user = 'group-user@im.wechat';
    child ??= await start();
    await sim.control.sendText(bot.botId, user, 'said by the bot', { messageType: 2 });
    await sim.control.sendText(bot.botId, user, 'hi all', { groupId: 'g1@chatroom' });
    expect(await ask(user, 'after', 2)).toBe('echo: after');
    expect(await replies(user)).toEqual(['echo in g1@chatroom: hi all', 'echo: after']);
    const { rows } = await db.query<{ text: string }>(
      `SELECT payload->'item_list'->0->'text_item'->>'text' AS text FROM weixin_inbox
       WHERE user_id = $1 ORDER BY id`,
      [user],
    );
    expect(rows.map((r) => r.text)).toEqual(['hi all', 'after']);
    expect((await calls(user)).map((c) => c.text)).toEqual(['hi all', 'after']);
  });
});
