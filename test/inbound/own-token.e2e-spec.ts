import { Injectable, type INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import { startSimApp, useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

/** `burst <tag>` gets 12 replies; any other text one reply, `re: <text>`. */
@Injectable()
class BacklogHandler {
  @OnWeixinMessage({ kind: 'text' })
  answer(ctx: WeixinMessageContext): string | string[] {
    const burst = /^burst (\w+)$/.exec(ctx.text);
    if (burst) return Array.from({ length: 12 }, (_, i) => `${burst[1]}.${i + 1}`);
    return `re: ${ctx.text}`;
  }
}

/**
 * A backlog of many messages from one user (the app was down while the user wrote): each
 * message's replies go out under that message's own context token (its own 10 replies), not all
 * under the newest token, so none waits for the user's next message.
 */
describe('replies to a backlog spend each message its own context token', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let url: string;
  let db: pg.Client;
  let app: INestApplicationContext | undefined;

  const boot = (): Promise<INestApplicationContext> =>
    startSimApp(sim, [bot], url, [BacklogHandler]);
  /** The accepted sends to `user`, and every refused one. */
  const sends = async (user: string) => {
    const all = await sim.control.sent(bot.botId, user);
    return { accepted: all.filter((s) => s.accepted), refused: all.filter((s) => !s.accepted) };
  };

  // Declared before the boot, so it runs before the boot's own close.
  afterAll(async () => {
    await app?.close();
  });
  const e2e = useE2eBoot('own_token_e2e', { setupSql: [] });
  beforeAll(() => {
    ({ sim, bot, url, db } = e2e);
  });

  it('25 messages written while the app was down get 25 replies at once, each under its own token', async () => {
    const user = 'backlog@im.wechat';
    const tokens = new Map<string, string>();
    for (let i = 1; i <= 25; i++) {
      const injected = await sim.control.sendText(bot.botId, user, `m${i}`);
      tokens.set(`re: m${i}`, injected.contextToken);
    }
    app = await boot();
    await waitFor(async () => (await sends(user)).accepted.length >= 25, '25 replies', 30_000);
    const { accepted, refused } = await sends(user);
    expect(refused).toEqual([]);
    expect(accepted.map((s) => s.text)).toEqual([...tokens.keys()]);
    for (const s of accepted) expect(s.contextToken).toBe(tokens.get(s.text!));
    // The simulator has the 25th reply before its outcome is written: wait for that write.
    const states = async () =>
      (
        await db.query<{ state: string; n: string }>(
          `SELECT state, count(*) AS n FROM weixin_delivery WHERE user_id = $1 GROUP BY state`,
          [user],
        )
      ).rows;
    await waitFor(
      async () => (await states()).every((r) => r.state !== 'sending'),
      'the outcomes written',
      10_000,
    );
    expect(await states()).toEqual([{ state: 'accepted', n: '25' }]);
  });

  it('a message with more replies than its token allows spends its own 10, then the newest token', async () => {
    await app?.close();
    app = undefined;
    const user = 'burst@im.wechat';
    const first = await sim.control.sendText(bot.botId, user, 'burst a');
    const second = await sim.control.sendText(bot.botId, user, 'after');
    app = await boot();
    await waitFor(async () => (await sends(user)).accepted.length >= 13, '13 replies', 30_000);
    const { accepted, refused } = await sends(user);
    expect(refused).toEqual([]);
    expect(accepted.map((s) => s.text)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `a.${i + 1}`),
      're: after',
    ]);
    // The server allows 10 replies per token: the 11th and 12th went under the newest one.
    expect(accepted.map((s) => (s.contextToken === first.contextToken ? 1 : 2))).toEqual([
      ...Array<number>(10).fill(1),
      2,
      2,
      2,
    ]);
    expect(second.contextToken).not.toBe(first.contextToken);
  });

  it('replies counted under a token while it was the newest still count once it is superseded', async () => {
    const user = 'live@im.wechat';
    const first = await sim.control.sendText(bot.botId, user, 'burst b');
    // Live: 9 of the 12 go out under the newest token (one slot is kept for the next handler).
    await waitFor(async () => (await sends(user)).accepted.length >= 9, '9 replies', 30_000);
    await sim.control.sendText(bot.botId, user, 'after');
    await waitFor(async () => (await sends(user)).accepted.length >= 13, '13 replies', 30_000);
    const { accepted, refused } = await sends(user);
    expect(refused).toEqual([]);
    expect(accepted.filter((s) => s.contextToken === first.contextToken)).toHaveLength(10);
    expect(accepted.map((s) => s.text)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `b.${i + 1}`),
      're: after',
    ]);
    const { rows } = await db.query<{ replies_used: number }>(
      'SELECT replies_used FROM weixin_context_token WHERE user_id = $1 AND context_token = $2',
      [user, first.contextToken],
    );
    expect(rows).toEqual([{ replies_used: 10 }]);
  });
});
