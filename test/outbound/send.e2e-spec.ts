import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Injectable } from '@nestjs/common';
import pg from 'pg';
import type { IlinkSimulator, SimBot, SimFault } from 'nestjs-weixin/testing';
import { WeixinAccountsService, WeixinEvents } from 'nestjs-weixin';
import { WeixinMessageService } from 'nestjs-weixin';
import type { DeliveryRecord } from 'nestjs-weixin';
import { fenceStateAfter } from 'nestjs-weixin/internal';
import { DeliveryStore } from 'nestjs-weixin/internal';
import { OutboxService } from 'nestjs-weixin/internal';
import { SendBreaker } from 'nestjs-weixin/internal';
import { SendLedger } from 'nestjs-weixin/internal';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

@Injectable()
class DeliveryListener {
  readonly events: { name: string; record: DeliveryRecord }[] = [];
  @OnEvent(WeixinEvents.DeliveryQueued)
  @OnEvent(WeixinEvents.DeliveryAccepted)
  @OnEvent(WeixinEvents.DeliveryRejected)
  @OnEvent(WeixinEvents.DeliveryUnknown)
  @OnEvent(WeixinEvents.DeliveryCancelled)
  on(record: DeliveryRecord): void {
    this.events.push({ name: record.state, record });
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WINDOW_MS = 11 * 60 * 60 * 1000;

describe('outbound: ledger, splitter, outbox, deliveries', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let db: pg.Client;
  let messages: WeixinMessageService;
  const bots: Record<string, SimBot> = {};
  const NAMES = [
    'quota',
    'window',
    'long',
    'idem',
    'rejected',
    'limited',
    'transport',
    'session',
    'burst',
    'retire',
    'order',
    'crash',
  ];
  const boot = useE2eBoot('outbound_e2e', {
    bots: NAMES.length,
    setupSql: [],
    app: { handlers: [DeliveryListener] },
  });
  beforeAll(() => {
    ({ sim, db, app } = boot);
    NAMES.forEach((name, i) => (bots[name] = boot.bots[i]!));
    messages = app.get(WeixinMessageService);
  });

  const tokenOf = async (botId: string, userId: string): Promise<string | undefined> => {
    const { rows } = await db.query<{ context_token: string }>(
      'SELECT context_token FROM weixin_user_context WHERE account_id = $1 AND user_id = $2',
      [botId, userId],
    );
    return rows[0]?.context_token;
  };
  const userWrites = async (bot: SimBot, userId: string, text = 'hi'): Promise<void> => {
    const injected = await sim.control.sendText(bot.botId, userId, text);
    await waitFor(
      async () => (await tokenOf(bot.botId, userId)) === injected.contextToken,
      'context token stored',
    );
  };
  /** The simulator answers the bot's next send with fault `kind` (and `errmsg`, when given). */
  const failNextSend = (bot: SimBot, kind: SimFault['kind'], errmsg?: string): Promise<void> =>
    sim.control.fault({ endpoint: 'sendmessage', botId: bot.botId, kind, errmsg });
  /** The user writes, the bot's next send meets fault `kind`, and `text` is sent: its records. */
  const sendAfterFault = async (
    bot: SimBot,
    userId: string,
    text: string,
    kind: SimFault['kind'],
    errmsg?: string,
  ): Promise<DeliveryRecord[]> => {
    await userWrites(bot, userId);
    await failNextSend(bot, kind, errmsg);
    return messages.send(bot.botId, userId, text);
  };
  /** The records a send answered are exactly what the database holds (read back whole). */
  const expectStored = async (records: DeliveryRecord[]): Promise<void> => {
    for (const r of records) expect(await messages.getDelivery(r.id)).toEqual(r);
  };
  const sendCalls = async (bot: SimBot, userId: string): Promise<number> =>
    (await sim.control.calls('sendmessage')).filter((c) => {
      const msg = (c.body as { msg?: { to_user_id?: string } } | undefined)?.msg;
      return c.headers.authorization === `Bearer ${bot.token}` && msg?.to_user_id === userId;
    }).length;

  /**
   * The records once each has its outcome: leaving the outbox means claimed (`sending`); the
   * outcome is written after the server's answer.
   */
  async function settled(records: DeliveryRecord[]) {
    return waitFor(async () => {
      const rows = await Promise.all(records.map((r) => messages.getDelivery(r.id)));
      return rows.every((r) => r && r.state !== 'sending') ? rows : undefined;
    }, 'the outcomes of the flushed replies');
  }

  it('queues the 11th reply and delivers the outbox first, in order, after the next message', async () => {
    const bot = bots.quota!;
    const user = 'alice@im.wechat';
    await userWrites(bot, user);
    const first: DeliveryRecord[] = [];
    for (let i = 1; i <= 12; i++) first.push(...(await messages.send(bot.botId, user, `m${i}`)));
    expect(first.map((r) => r.state)).toEqual([...Array(10).fill('accepted'), 'queued', 'queued']);
    expect(first[10]!.cause).toBe('quota');
    await expectStored(first);
    expect(await sendCalls(bot, user)).toBe(10);
    const ledger = await messages.ledger(bot.botId, user);
    expect(ledger).toMatchObject({ remaining: 0, repliesUsed: 10, queued: 2 });
    expect(ledger.windowClosesAt!.getTime() - ledger.receivedAt!.getTime()).toBe(WINDOW_MS);

    // The user's next message makes the dispatcher flush the outbox before its handlers run.
    await userWrites(bot, user, 'again');
    await waitFor(
      async () => (await messages.listOutbox({ accountId: bot.botId, userId: user })).length === 0,
      'outbox flushed by the dispatcher',
    );
    const queued = [first[10]!, first[11]!];
    const flushed = await settled(queued);
    expect(flushed.map((r) => [r!.text, r!.state])).toEqual([
      ['m11', 'accepted'],
      ['m12', 'accepted'],
    ]);
    expect(await messages.flushOutbox(bot.botId, user)).toEqual([]);
    expect((await messages.ledger(bot.botId, user)).remaining).toBe(8);

    const sent = (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted);
    expect(sent.map((s) => s.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i + 1}`));
    const records = (
      await messages.listDeliveries({ accountId: bot.botId, userId: user })
    ).reverse();
    expect(records.map((r) => r.state)).toEqual(Array(12).fill('accepted'));
    expect(records.map((r) => r.serverMessageId)).toEqual(sent.map((s) => s.messageId));
    expect(records.map((r) => r.clientId)).toEqual(sent.map((s) => s.clientId));
    const events = app.get(DeliveryListener).events.filter((e) => e.record.accountId === bot.botId);
    expect(events.filter((e) => e.name === 'queued')).toHaveLength(2);
    expect(events.filter((e) => e.name === 'accepted')).toHaveLength(12);
  });

  it('queues sends after the 24 h window closed and flushes them after the next message', async () => {
    const bot = bots.window!;
    const user = 'bob@im.wechat';
    await userWrites(bot, user);
    await sim.control.advanceClock(DAY_MS + 60_000);
    const [late] = await messages.send(bot.botId, user, 'late');
    expect(late).toMatchObject({ state: 'queued', cause: 'window', ret: -2, attempts: 1 });
    const [later] = await messages.send(bot.botId, user, 'later');
    expect(later).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await sendCalls(bot, user)).toBe(1);
    expect((await messages.listOutbox({ accountId: bot.botId })).map((r) => r.text)).toEqual([
      'late',
      'later',
    ]);

    await userWrites(bot, user, 'back');
    await waitFor(
      async () => (await messages.listOutbox({ accountId: bot.botId, userId: user })).length === 0,
      'outbox flushed by the dispatcher',
    );
    const flushed = await settled([late!, later!]);
    expect(flushed.map((r) => [r!.text, r!.state])).toEqual([
      ['late', 'accepted'],
      ['later', 'accepted'],
    ]);
    const sent = (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted);
    expect(sent.map((s) => s.text)).toEqual(['late', 'later']);
  });

  it('splits a 20 KiB Chinese text with a code block into parts within the limits', async () => {
    const bot = bots.long!;
    const user = 'carol@im.wechat';
    await userWrites(bot, user);
    const sentence = '回复窗口为二十四小时，每条消息最多十条回复，超过限制的消息会进入发件箱。';
    let prose = '';
    for (let i = 0; Buffer.byteLength(prose) < 10_500; i++) {
      prose += sentence + (i % 5 === 4 ? '\n\n' : '');
    }
    const code = Array.from({ length: 40 }, (_, i) => `    print("第 ${i} 行")`).join('\n');
    const text = `${prose}\n\n\`\`\`python\n${code}\n\`\`\`\n\n${prose}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(20 * 1024);

    const records = await messages.send(bot.botId, user, text);
    expect(records.length).toBeGreaterThan(1);
    expect(records.length).toBeLessThanOrEqual(10);
    expect(records.every((r) => r.state === 'accepted' && r.parts === records.length)).toBe(true);
    const sent = (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted);
    expect(sent.map((s) => s.text)).toEqual(records.map((r) => r.text));
    for (const s of sent) {
      expect(Buffer.byteLength(s.text!)).toBeLessThanOrEqual(16_384);
      expect([...s.text!].length).toBeLessThanOrEqual(4_000);
      expect(fenceStateAfter(s.text!, null)).toBeNull();
    }
    const joined = sent.map((s) => s.text).join('');
    for (let i = 0; i < 40; i++) expect(joined).toContain(`print("第 ${i} 行")`);
  });

  it('sends a message once for one idempotency key, also for concurrent calls', async () => {
    const bot = bots.idem!;
    const user = 'dave@im.wechat';
    await userWrites(bot, user);
    const a = await messages.send(bot.botId, user, 'once', { idempotencyKey: 'k1' });
    const b = await messages.send(bot.botId, user, 'once', { idempotencyKey: 'k1' });
    expect(b).toEqual(a);
    await expectStored(a);
    const [c, d] = await Promise.all([
      messages.send(bot.botId, user, 'concurrent', { idempotencyKey: 'k2' }),
      messages.send(bot.botId, user, 'concurrent', { idempotencyKey: 'k2' }),
    ]);
    expect(c!.map((r) => r.id)).toEqual(d!.map((r) => r.id));
    const texts = (await sim.control.sent(bot.botId, user)).map((s) => s.text);
    expect(texts).toEqual(['once', 'concurrent']);
    expect((await messages.ledger(bot.botId, user)).repliesUsed).toBe(2);
  });

  it('opens the breaker on an unexplained ret -2 and queues instead of retrying', async () => {
    const bot = bots.rejected!;
    const user = 'erin@im.wechat';
    const [first] = await sendAfterFault(bot, user, 'refused', 'rejected', 'unknown error');
    expect(first).toMatchObject({ state: 'queued', cause: 'rejected', ret: -2, attempts: 1 });
    await expectStored([first!]);
    const ledger = await messages.ledger(bot.botId, user);
    expect(ledger.breakerOpenUntil).toBeDefined();
    expect(ledger.repliesUsed).toBe(0);
    const [second] = await messages.send(bot.botId, user, 'behind the breaker');
    expect(second).toMatchObject({ state: 'queued', cause: 'breaker', attempts: 0 });
    await userWrites(bot, user, 'again');
    expect(await messages.flushOutbox(bot.botId, user)).toEqual([]);
    expect(await sendCalls(bot, user)).toBe(1);
  });

  it('opens the breaker longer on "rate limited"', async () => {
    const bot = bots.limited!;
    const user = 'frank@im.wechat';
    const [first] = await sendAfterFault(bot, user, 'too fast', 'rate-limited');
    expect(first).toMatchObject({ state: 'queued', cause: 'rate-limited', errmsg: 'rate limited' });
    await expectStored([first!]);
    const { breakerOpenUntil } = await messages.ledger(bot.botId, user);
    expect(breakerOpenUntil!.getTime() - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(await sendCalls(bot, user)).toBe(1);
  });

  it('records transport failures and empty bodies as unknown and never resends them', async () => {
    const bot = bots.transport!;
    const user = 'grace@im.wechat';
    const reset = await sendAfterFault(bot, user, 'one\n\n' + 'x'.repeat(4_000), 'reset');
    expect(reset.map((r) => r.state)).toEqual(['unknown', 'queued']);
    await expectStored(reset);
    // A new send would queue behind the waiting part: the operator drops it.
    expect(await messages.cancelQueued(reset[1]!.id)).toMatchObject({ state: 'cancelled' });
    await failNextSend(bot, 'empty-body');
    const [empty] = await messages.send(bot.botId, user, 'two');
    expect(empty).toMatchObject({ state: 'unknown', cause: 'transport' });
    await failNextSend(bot, 'http-error');
    const [http] = await messages.send(bot.botId, user, 'three');
    expect(http!.state).toBe('unknown');
    await expectStored([empty!, http!]);
    expect(await sendCalls(bot, user)).toBe(3);
    expect(await messages.getDelivery(reset[0]!.id)).toMatchObject({ state: 'unknown' });
    expect((await sim.control.sent(bot.botId, user)).length).toBe(0);
  });

  it('marks the account needs_relogin on -14 and queues the message', async () => {
    const bot = bots.session!;
    const user = 'heidi@im.wechat';
    const [record] = await sendAfterFault(bot, user, 'hello', 'stale-session');
    expect(record).toMatchObject({ state: 'queued', cause: 'session', ret: -14 });
    expect((await app.get(WeixinAccountsService).get(bot.botId)).state).toBe('needs_relogin');
    const [next] = await messages.send(bot.botId, user, 'still there?');
    expect(next).toMatchObject({ state: 'queued', cause: 'session' });
    expect(await messages.cancelQueued(next!.id)).toMatchObject({ state: 'cancelled' });
    expect(await messages.cancelQueued(next!.id)).toBeNull();
    expect(app.get(DeliveryListener).events.some((e) => e.name === 'cancelled')).toBe(true);
  });

  it('accepts exactly the quota of 30 sends to one user started in one tick and queues the rest', async () => {
    const bot = bots.burst!;
    const user = 'ivan@im.wechat';
    await userWrites(bot, user);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => messages.send(bot.botId, user, `b${i}`)),
    );
    const states = results.map(([r]) => r!.state);
    expect(states.filter((s) => s === 'accepted')).toHaveLength(10);
    expect(states.filter((s) => s === 'queued')).toHaveLength(20);
    expect((await sim.control.sent(bot.botId, user)).filter((s) => s.accepted)).toHaveLength(10);
    expect(await messages.ledger(bot.botId, user)).toMatchObject({ repliesUsed: 10, queued: 20 });
  });

  it('fails only the send whose text Postgres refuses among sends started in one tick', async () => {
    const bot = bots.burst!;
    const users = ['judy@im.wechat', 'ken@im.wechat', 'liz@im.wechat'];
    for (const user of users) await userWrites(bot, user);
    const [bad, ...good] = await Promise.allSettled([
      messages.send(bot.botId, users[0]!, 'nul \u0000 byte'),
      ...users.map((user) => messages.send(bot.botId, user, 'fine')),
    ]);
    expect(bad!.status).toBe('rejected');
    expect(good.map((r) => r.status === 'fulfilled' && r.value[0]!.state)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect((await messages.ledger(bot.botId, users[0]!)).repliesUsed).toBe(1);
  });

  const sendingRows = async (botId: string, userId: string): Promise<number> => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM weixin_delivery
       WHERE account_id = $1 AND user_id = $2 AND state = 'sending'`,
      [botId, userId],
    );
    return rows[0]!.n;
  };

  it('never claims a slot again under a token the server refused as spent', async () => {
    const bot = bots.retire!;
    const user = 'mallory@im.wechat';
    const first = await sendAfterFault(
      bot,
      user,
      `one\n\n${'x'.repeat(4_000)}`,
      'rejected',
      'quota exhausted',
    );
    expect(first.map((r) => [r.state, r.cause])).toEqual([
      ['queued', 'quota'],
      ['queued', 'quota'],
    ]);
    expect((await messages.ledger(bot.botId, user)).repliesUsed).toBeGreaterThanOrEqual(10);
    for (const r of first) await messages.cancelQueued(r.id);
    const [later] = await messages.send(bot.botId, user, 'later');
    expect(later).toMatchObject({ state: 'queued', cause: 'quota', attempts: 0 });
    expect(await sendCalls(bot, user)).toBe(1);
  });

  it('gives back no slot of a retired token, even from a send that claimed before it was retired', async () => {
    const bot = bots.retire!;
    const user = 'trent@im.wechat';
    const ledger = app.get(SendLedger);
    await userWrites(bot, user);
    const claim = await ledger.claim(bot.botId, user, 3, 10, WINDOW_MS);
    expect(claim).toMatchObject({ repliesUsed: 3 });
    // Another send's -2 retires the token; then the first send fails before sending.
    await ledger.retire(bot.botId, user, 10, claim!.contextToken);
    await ledger.release(bot.botId, user, 3, claim!.contextToken);
    expect((await messages.ledger(bot.botId, user)).remaining).toBe(0);
    expect(await ledger.claim(bot.botId, user, 1, 10, WINDOW_MS)).toBeNull();
    // The user's next message brings a new token: the ledger opens again.
    await userWrites(bot, user, 'again');
    expect(await ledger.claim(bot.botId, user, 1, 10, WINDOW_MS)).toMatchObject({ repliesUsed: 1 });
  });

  it('sends a new message behind queued ones, flushing rows this process did not queue', async () => {
    const bot = bots.order!;
    const user = 'nina@im.wechat';
    const outbox = app.get(OutboxService);
    await userWrites(bot, user);
    const setReceived = (sql: string): Promise<unknown> =>
      db.query(
        `UPDATE weixin_user_context SET received_at = ${sql}, replies_used = 0
         WHERE account_id = $1 AND user_id = $2`,
        [bot.botId, user],
      );
    await setReceived(`now() - interval '25 hours'`);
    const queued = [
      ...(await messages.send(bot.botId, user, 'q1')),
      ...(await messages.send(bot.botId, user, 'q2')),
    ];
    expect(queued.map((r) => [r.state, r.cause])).toEqual([
      ['queued', 'window'],
      ['queued', 'window'],
    ]);
    // The window reopens (the user wrote, seen by another replica) before any flush here, and
    // this process's hint does not know the rows (as when another replica queued them).
    await setReceived('now()');
    outbox.hint.delete(bot.botId, user);
    expect(await messages.flushOutbox(bot.botId, user)).toEqual([]);
    expect(await sendCalls(bot, user)).toBe(0);

    const page = await messages.listOutbox({ accountId: bot.botId, userId: user, limit: 1 });
    expect(page.map((r) => r.text)).toEqual(['q1']);
    const next = await messages.listOutbox({ accountId: bot.botId, afterId: page[0]!.id });
    expect(next.map((r) => r.text)).toEqual(['q2']);

    // A claim that fails takes nothing: no row is `sending` without its slot.
    const store = app.get(DeliveryStore);
    const refused = await store.takeAndClaim(bot.botId, user, 5, 10, DAY_MS, 'not-the-token');
    expect(refused).toEqual({ picked: 2, taken: [] });
    expect(await sendingRows(bot.botId, user)).toBe(0);

    // A new send does not overtake the queued rows: it flushes them first, then goes out itself.
    const [fresh] = await messages.send(bot.botId, user, 'new');
    expect(fresh).toMatchObject({ state: 'accepted', text: 'new' });
    const sent = (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted);
    expect(sent.map((s) => s.text)).toEqual(['q1', 'q2', 'new']);
    const settled = await Promise.all(queued.map((r) => messages.getDelivery(r.id)));
    expect(settled.map((r) => r!.state)).toEqual(['accepted', 'accepted']);
    expect(await messages.listOutbox({ accountId: bot.botId, userId: user })).toEqual([]);
  });

  it('settles every record truthfully when storing an outcome fails once', async () => {
    const bot = bots.crash!;
    const user = 'oscar@im.wechat';
    await userWrites(bot, user);
    const store = app.get(DeliveryStore);
    const settle = jest.spyOn(store, 'settle').mockRejectedValueOnce(new Error('db blip'));
    let records: DeliveryRecord[];
    try {
      records = await messages.send(bot.botId, user, `one\n\n${'x'.repeat(4_000)}`);
      expect(records.map((r) => r.state)).toEqual(['accepted', 'accepted']);
    } finally {
      settle.mockRestore();
    }
    await expectStored(records);
    expect(await sendingRows(bot.botId, user)).toBe(0);
    expect((await sim.control.sent(bot.botId, user)).length).toBe(2);
    // A record removed meanwhile (its account was deleted) settles to nothing, without an event.
    const removed = { ...(await store.get(records[0]!.id))!, id: '987654321' };
    const gone = await store.settle(removed, { state: 'accepted', attempted: true }, 1_000);
    expect(gone).toBeNull();
  });

  it('leaves nothing sending when handling a refusal fails inside the library', async () => {
    const bot = bots.crash!;
    const user = 'peggy@im.wechat';
    await userWrites(bot, user);
    const open = jest
      .spyOn(app.get(SendBreaker), 'open')
      .mockRejectedValueOnce(new Error('connection lost'));
    await failNextSend(bot, 'rejected');
    try {
      const records = await messages.send(bot.botId, user, `one\n\n${'x'.repeat(4_000)}`);
      expect(records.map((r) => [r.state, r.cause])).toEqual([
        ['queued', 'internal'],
        ['queued', 'internal'],
      ]);
    } finally {
      open.mockRestore();
    }
    expect(await sendingRows(bot.botId, user)).toBe(0);
    expect((await messages.ledger(bot.botId, user)).repliesUsed).toBe(0);
  });
});
