import type { INestApplicationContext } from '@nestjs/common';
import type { SimBot } from 'nestjs-weixin/testing';
import { WeixinMessageService, type DeliveryRecord } from 'nestjs-weixin';
import { startSimApp, useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

/** A trigger that makes storing an `accepted` outcome take 20 ms a row. */
const SLOW_ACCEPTED_SQL = `
  CREATE OR REPLACE FUNCTION slow_accepted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_sleep(0.02); RETURN NEW; END $$;
  CREATE TRIGGER slow_accepted BEFORE UPDATE ON weixin_delivery FOR EACH ROW
    WHEN (NEW.state = 'accepted') EXECUTE FUNCTION slow_accepted();`;

/**
 * `accepted` outcomes are stored behind the send (the caller hears of them first): this process
 * still reads its own writes, and a shutdown leaves none of them unwritten.
 */
describe('outbound: accepted outcomes stored behind the send', () => {
  const boot = useE2eBoot('outcome_behind_e2e', { bots: 1, setupSql: [], app: { handlers: [] } });
  let bot: SimBot;

  beforeAll(() => {
    bot = boot.bot;
  });

  /** `users` users write to the bot; resolves once their context tokens are stored. */
  const usersWrite = async (prefix: string, users: number): Promise<string[]> => {
    const ids = Array.from({ length: users }, (_, i) => `${prefix}${i}@im.wechat`);
    for (const user of ids) await boot.sim.control.sendText(bot.botId, user, 'hi');
    await waitFor(async () => {
      const { rows } = await boot.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM weixin_user_context WHERE account_id = $1 AND user_id = ANY($2)',
        [bot.botId, ids],
      );
      return rows[0]!.n === users;
    }, 'context tokens stored');
    return ids;
  };

  /** Each user's `perUser` sends in order, users concurrently; answers every record. */
  const sendAll = async (
    messages: WeixinMessageService,
    users: string[],
    perUser: number,
  ): Promise<DeliveryRecord[]> => {
    const sent = await Promise.all(
      users.map(async (user) => {
        const out: DeliveryRecord[] = [];
        for (let i = 0; i < perUser; i++)
          out.push(...(await messages.send(bot.botId, user, `m${i}`)));
        return out;
      }),
    );
    return sent.flat();
  };

  const storedStates = async (ids: string[]): Promise<Record<string, number>> => {
    const { rows } = await boot.db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM weixin_delivery WHERE id = ANY($1::bigint[]) GROUP BY state',
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  };

  it('answers accepted sends at once, and reads in this process see them stored', async () => {
    const messages = boot.app.get(WeixinMessageService);
    const users = await usersWrite('read', 10);
    const sent = await sendAll(messages, users, 3);
    expect(sent.map((r) => r.state)).toEqual(Array(30).fill('accepted'));
    // Read at once, without waiting: the reads wait for the writes still in flight.
    const listed = await messages.listDeliveries({ accountId: bot.botId, limit: 30 });
    expect(listed.map((r) => r.state)).toEqual(Array(30).fill('accepted'));
    const one = await messages.getDelivery(sent[29]!.id);
    expect(one).toMatchObject({ state: 'accepted', attempts: 1 });
    expect(one!.serverMessageId).toBe(sent[29]!.serverMessageId);
    const byKey = await messages.send(bot.botId, users[0]!, 'keyed', { idempotencyKey: 'k1' });
    expect(await messages.findByIdempotencyKey(bot.botId, 'k1')).toEqual([
      expect.objectContaining({ id: byKey[0]!.id, state: 'accepted' }),
    ]);
    // What the simulator received is what was answered accepted, once each.
    const received = await boot.sim.control.sent(bot.botId);
    const texts = received.filter((s) => users.includes(s.toUserId)).length;
    expect(texts).toBe(31);
  });

  it('stores every accepted outcome before a shutdown closes the database pool', async () => {
    const users = await usersWrite('stop', 150);
    // A second replica that only sends (it polls nothing): closed right after its sends answer.
    const sender: INestApplicationContext = await startSimApp(boot.sim, [bot], boot.url, [], {
      polling: { enabled: false },
    });
    // A slow disk: every accepted outcome takes 20 ms to store, so when the shutdown starts
    // two batches of them are in flight and the rest queued behind.
    await boot.db.query(SLOW_ACCEPTED_SQL);
    try {
      const sent = await sendAll(sender.get(WeixinMessageService), users, 1);
      await sender.close();
      expect(sent).toHaveLength(150);
      expect(await storedStates(sent.map((r) => r.id))).toEqual({ accepted: 150 });
    } finally {
      await boot.db.query('DROP TRIGGER slow_accepted ON weixin_delivery');
    }
  });
});
