import { Injectable, type INestApplicationContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import pg from 'pg';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';
import { InboxDispatcher } from 'nestjs-weixin/internal';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

/** Handlers that wait at a gate the test opens, then write, reply or fail. */
@Injectable()
class GatedHandlers {
  static started = 0;
  static finished = 0;
  static gate: Promise<void>;
  static open: () => void;

  @OnWeixinMessage({ text: /^gated / })
  async gated(ctx: WeixinMessageContext): Promise<string> {
    GatedHandlers.started += 1;
    try {
      await GatedHandlers.gate;
      if (ctx.text === 'gated fail') throw new Error('handler failed after the takeover');
      if (ctx.text === 'gated tx') {
        await ctx.reply('early reply');
        await ctx.transaction((manager: EntityManager) =>
          manager.query(
            'INSERT INTO test_handled (account_id, message_id, user_id, text, replica) VALUES ($1, $2, $3, $4, $5)',
            [ctx.accountId, ctx.messageId, ctx.from, ctx.text, 'stale'],
          ),
        );
      }
      return `reply to ${ctx.text}`;
    } finally {
      GatedHandlers.finished += 1;
    }
  }
}

/**
 * A replica whose lease was taken over while its handlers ran (it is still alive) can no longer
 * mark their rows done, record their failures or send their replies: the writes carry the lease
 * epoch the rows were started under, and the database refuses a stale one.
 */
describe('lease fencing of inbox writes', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let db: pg.Client;
  let bot: SimBot;

  GatedHandlers.gate = new Promise((open) => (GatedHandlers.open = open));
  const boot = useE2eBoot('lease_fence_e2e', {
    app: {
      handlers: [GatedHandlers],
      options: {
        dispatch: { retryDelayMs: 20, maxAttempts: 1 },
        leases: { replicaId: 'stale', ttlMs: 120_000, renewIntervalMs: 60_000 },
      },
    },
  });
  beforeAll(() => {
    ({ sim, db, app, bot } = boot);
  });

  it('refuses the done marks, failures, dead letters and replies of a replica that lost its lease', async () => {
    for (const [user, text] of [
      ['a@im.wechat', 'gated tx'],
      ['b@im.wechat', 'gated plain'],
      ['c@im.wechat', 'gated fail'],
    ] as const) {
      await sim.control.sendText(bot.botId, user, text);
    }
    await waitFor(() => GatedHandlers.started === 3, 'the three handlers running');
    // Another replica takes the lease over; this one has not noticed yet (no lease round soon).
    await db.query(
      `UPDATE weixin_lease SET owner = 'thief', epoch = epoch + 1,
         expires_at = now() + interval '1 hour' WHERE account_id = $1`,
      [bot.botId],
    );
    GatedHandlers.open();
    const dispatcher = app.get(InboxDispatcher);
    await waitFor(
      () => GatedHandlers.finished === 3 && dispatcher.pendingCount(bot.botId) === 0,
      'the handlers finished and their rows settled here',
    );

    const { rows } = await db.query<{ text: string; status: string; attempts: number }>(
      `SELECT payload->'item_list'->0->'text_item'->>'text' AS text, status, attempts
       FROM weixin_inbox ORDER BY id`,
    );
    expect(rows).toEqual([
      { text: 'gated tx', status: 'pending', attempts: 0 },
      { text: 'gated plain', status: 'pending', attempts: 0 },
      { text: 'gated fail', status: 'pending', attempts: 0 },
    ]);
    expect((await db.query('SELECT 1 FROM test_handled')).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM weixin_delivery')).rowCount).toBe(0);
    expect(await sim.control.sent(bot.botId)).toEqual([]);
  });
});
