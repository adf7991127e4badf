import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import { WeixinMessageService } from 'nestjs-weixin';
import { DeliverySql } from 'nestjs-weixin/internal';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

/**
 * An `accepted` outcome is committed without waiting for the WAL flush, and only it: the claim
 * that took the reply's slot, and every outcome that decides what happens next, stay synchronous.
 * The setting must be the statement's own transaction's: leaked to the pooled connection, it
 * would make the next claim on that connection asynchronous too.
 */
describe('outbound: how an outcome is committed', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let db: pg.Client;
  let bot: SimBot;
  const boot = useE2eBoot('outcome_commit_e2e', { setupSql: [], app: { handlers: [] } });
  beforeAll(() => ({ sim, db, app, bot } = boot));

  /** Runs `sql` in a transaction; answers `synchronous_commit` inside it and after its commit. */
  async function commitModes(sql: string, params: unknown[]): Promise<[string, string]> {
    await db.query('BEGIN');
    await db.query(sql, params);
    const inside = (await db.query<{ s: string }>(`SELECT current_setting('synchronous_commit') s`))
      .rows[0]!.s;
    await db.query('COMMIT');
    const after = (await db.query<{ s: string }>(`SELECT current_setting('synchronous_commit') s`))
      .rows[0]!.s;
    return [inside, after];
  }

  it('stores an accepted send at once, committing only that outcome asynchronously', async () => {
    const messages = app.get(WeixinMessageService);
    const user = 'commit@im.wechat';
    await sim.control.sendText(bot.botId, user, 'hi');
    await waitFor(
      async () => (await messages.ledger(bot.botId, user)).remaining === 10,
      'the context token stored',
    );
    const [sent] = await messages.send(bot.botId, user, 'one');
    expect(sent).toMatchObject({ state: 'accepted' });
    // Visible to another session as soon as the send answered.
    const { rows } = await db.query<{ state: string; server_message_id: string }>(
      'SELECT state, server_message_id FROM weixin_delivery WHERE id = $1',
      [sent!.id],
    );
    expect(rows).toEqual([{ state: 'accepted', server_message_id: sent!.serverMessageId }]);

    const outcome = [[sent!.id], ['accepted'], [null], [0], [null], [null], [null], [1], [0]];
    expect(await commitModes(DeliverySql.settleAcceptedBatch, outcome)).toEqual(['off', 'on']);
    // The batch of claims and the other outcomes: synchronous, whatever it holds.
    const noClaims = [[], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []];
    expect(await commitModes(DeliverySql.claimAndSettleBatch, [...noClaims, ...outcome])).toEqual([
      'on',
      'on',
    ]);
  });
});
