import { Injectable, type INestApplicationContext } from '@nestjs/common';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import {
  OnWeixinMessage,
  WeixinInvalidContentError,
  WeixinMessageService,
  type DeliveryRecord,
  type WeixinMessageContext,
} from 'nestjs-weixin';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

let sim: IlinkSimulator;
let bot: SimBot;

/** What the handlers observed while they ran, by user. */
const during = new Map<string, { progressSeen: number; records: DeliveryRecord[] }>();
let flakyRuns = 0;

@Injectable()
class ProgressHandler {
  constructor(private readonly messages: WeixinMessageService) {}

  /** Progress, then a send() that truncates to the replies left after it. */
  @OnWeixinMessage({ text: 'truncate' })
  async truncate(ctx: WeixinMessageContext): Promise<void> {
    for (let i = 0; i < 4; i++) await ctx.step(`phase ${i}`, () => undefined);
    const text = ['A'.repeat(90), 'B'.repeat(90), 'C'.repeat(90)].join('\n\n');
    const records = await this.messages.send(ctx.accountId, ctx.from, text, {
      overflow: 'truncate',
    });
    during.set(ctx.from, { progressSeen: 8, records });
  }

  /** Three steps, each checked to have reached the simulator before the handler goes on. */
  @OnWeixinMessage({ text: 'research' })
  async research(ctx: WeixinMessageContext): Promise<string> {
    const records: DeliveryRecord[] = [];
    for (const tool of ['search the web', 'read 3 pages', 'write the answer']) {
      await ctx.step(tool, async () => {
        records.push(...(await ctx.progress({ tool: `${tool} (detail)` }).then((r) => [r])));
      });
    }
    const quota = await sim.control.quota(bot.botId, ctx.from);
    during.set(ctx.from, { progressSeen: quota.progress, records });
    return 'here is what I found';
  }

  /** More progress than the quota holds: the reserve keeps the last reply for the answer. */
  @OnWeixinMessage({ text: 'busy' })
  async busy(ctx: WeixinMessageContext): Promise<string> {
    const records: DeliveryRecord[] = [];
    for (let i = 0; i < 12; i++) records.push(await ctx.progress({ tool: `step ${i}` }));
    during.set(ctx.from, {
      progressSeen: (await sim.control.quota(bot.botId, ctx.from)).progress,
      records,
    });
    return 'done at last';
  }

  /** Progress, then an answer split into three parts: only what the quota leaves goes out now. */
  @OnWeixinMessage({ text: 'long' })
  async long(ctx: WeixinMessageContext): Promise<string> {
    for (let i = 0; i < 4; i++) await ctx.step(`phase ${i}`, () => undefined);
    return ['A'.repeat(90), 'B'.repeat(90), 'C'.repeat(90)].join('\n\n');
  }

  /** Fails once after its progress went out: the second run sends no progress again. */
  @OnWeixinMessage({ text: 'flaky' })
  async flaky(ctx: WeixinMessageContext): Promise<string> {
    flakyRuns += 1;
    await ctx.progress({ tool: 'fetch' });
    await ctx.progress({ tool: 'fetch', status: 'completed' });
    if (flakyRuns === 1) throw new Error('first run fails');
    return 'flaky done';
  }

  @OnWeixinMessage({ text: 'bad' })
  async bad(ctx: WeixinMessageContext): Promise<string> {
    try {
      await ctx.progress({ tool: '' });
      return 'accepted an empty tool';
    } catch (err) {
      return err instanceof WeixinInvalidContentError ? 'refused an empty tool' : String(err);
    }
  }
}

describe('progress items: sent during the handler, counted like the server counts them', () => {
  let app: INestApplicationContext;
  let messages: WeixinMessageService;

  /** The ledger's count and the simulator's for the user's current context token. */
  const counts = async (user: string) => {
    const [ledger, quota] = await Promise.all([
      messages.ledger(bot.botId, user),
      sim.control.quota(bot.botId, user),
    ]);
    return { ledger: ledger.repliesUsed, sim: quota.accepted, simProgress: quota.progress };
  };
  const accepted = async (user: string) =>
    (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted);
  /** `user` writes `text`; waits until the reply `answer` is accepted. */
  const askUntil = async (user: string, text: string, answer: string, what = 'the answer') => {
    await sim.control.sendText(bot.botId, user, text);
    await waitFor(async () => (await accepted(user)).some((s) => s.text === answer), what);
  };

  const boot = useE2eBoot('progress_e2e', {
    setupSql: [],
    app: {
      handlers: [ProgressHandler],
      options: { dispatch: { retryDelayMs: 20 }, send: { maxTextChars: 100 } },
    },
  });
  beforeAll(() => {
    ({ sim, bot, app } = boot);
    messages = app.get(WeixinMessageService);
  });

  it('sends start and result items while the handler runs; ledger and simulator agree', async () => {
    const user = 'researcher@im.wechat';
    await askUntil(user, 'research', 'here is what I found');
    const sent = await accepted(user);
    const progress = sent.filter((s) => s.progress);
    // 3 steps × (start + detail start + result) = 9 items, then the answer.
    expect(progress).toHaveLength(9);
    expect(during.get(user)?.progressSeen).toBe(9);
    expect(progress.slice(0, 3).map((s) => s.progress)).toEqual([
      { phase: 'start', tool: 'search the web', callId: expect.any(String) },
      { phase: 'start', tool: 'search the web (detail)', callId: expect.any(String) },
      {
        phase: 'result',
        tool: 'search the web',
        callId: progress[0]!.progress!.callId,
        status: 'completed',
      },
    ]);
    expect(progress[0]!.item).toMatchObject({ type: 11, is_completed: false });
    expect(progress[2]!.item).toMatchObject({ type: 12, is_completed: true });
    expect(sent[sent.length - 1]!.text).toBe('here is what I found');
    expect(
      during.get(user)?.records.every((r) => r.state === 'accepted' && r.kind === 'progress'),
    ).toBe(true);
    expect(await counts(user)).toEqual({ ledger: 10, sim: 10, simProgress: 9 });
  });

  it('keeps the last reply for the answer: progress beyond the reserve is recorded rejected', async () => {
    const user = 'busy@im.wechat';
    await askUntil(user, 'busy', 'done at last');
    const records = during.get(user)!.records;
    expect(records.filter((r) => r.state === 'accepted')).toHaveLength(9);
    const refused = records.filter((r) => r.state === 'rejected');
    expect(refused).toHaveLength(3);
    expect(
      refused.every((r) => r.cause === 'quota' && /kept for the answer/.test(r.reason ?? '')),
    ).toBe(true);
    expect(during.get(user)!.progressSeen).toBe(9);
    expect(await counts(user)).toEqual({ ledger: 10, sim: 10, simProgress: 9 });
    // Nothing waits: progress never goes to the outbox.
    expect((await messages.ledger(bot.botId, user)).queued).toBe(0);
  });

  it('counts progress before splitting the answer: the parts beyond the quota wait for the next message', async () => {
    const user = 'long@im.wechat';
    await sim.control.sendText(bot.botId, user, 'long');
    await waitFor(async () => (await counts(user)).sim === 10, 'ten messages');
    await waitFor(
      async () => (await messages.ledger(bot.botId, user)).queued === 1,
      'one part queued',
    );
    const sent = await accepted(user);
    expect(sent.filter((s) => s.progress)).toHaveLength(8);
    expect(sent.filter((s) => s.text).map((s) => s.text![0])).toEqual(['A', 'B']);
    expect(await counts(user)).toEqual({ ledger: 10, sim: 10, simProgress: 8 });
    await sim.control.sendText(bot.botId, user, 'thanks');
    await waitFor(
      async () => (await accepted(user)).some((s) => s.text?.startsWith('C')),
      'the third part after the next message',
    );
  });

  it('truncates a send() after progress to the replies the progress left', async () => {
    const user = 'truncate@im.wechat';
    await sim.control.sendText(bot.botId, user, 'truncate');
    await waitFor(() => during.get(user), 'the handler');
    const records = during.get(user)!.records;
    expect(records.map((r) => [r.state, r.part, r.parts])).toEqual([
      ['accepted', 1, 2],
      ['accepted', 2, 2],
    ]);
    expect(records[1]!.text).toMatch(/truncated/);
    expect(await counts(user)).toEqual({ ledger: 10, sim: 10, simProgress: 8 });
    expect((await messages.ledger(bot.botId, user)).queued).toBe(0);
  });

  it('does not send progress again when the handler runs a second time', async () => {
    const user = 'flaky@im.wechat';
    await askUntil(user, 'flaky', 'flaky done', 'the answer of the second run');
    expect(flakyRuns).toBe(2);
    expect((await accepted(user)).filter((s) => s.progress)).toHaveLength(2);
    expect(await counts(user)).toEqual({ ledger: 3, sim: 3, simProgress: 2 });
  });

  it('refuses a malformed step with a typed error and sends nothing', async () => {
    const user = 'bad@im.wechat';
    await askUntil(user, 'bad', 'refused an empty tool');
    expect(await counts(user)).toEqual({ ledger: 1, sim: 1, simProgress: 0 });
  });

  it('sendProgress() outside a handler answers the record; a repeated key sends nothing', async () => {
    const user = 'direct@im.wechat';
    await sim.control.sendText(bot.botId, user, 'hello');
    await waitFor(async () => (await messages.ledger(bot.botId, user)).hasContextToken, 'a token');
    const step = { tool: 'index', callId: 'c-1' };
    const first = await messages.sendProgress(bot.botId, user, step, { idempotencyKey: 'p-1' });
    const again = await messages.sendProgress(bot.botId, user, step, { idempotencyKey: 'p-1' });
    expect(first.state).toBe('accepted');
    expect(again.id).toBe(first.id);
    expect((await accepted(user)).filter((s) => s.progress)).toHaveLength(1);
    await expect(
      messages.sendProgress(bot.botId, user, { tool: 'x', callId: 'c', status: 'done' as never }),
    ).rejects.toBeInstanceOf(WeixinInvalidContentError);
    await expect(messages.sendProgress(bot.botId, user, step, { reserve: 10 })).rejects.toThrow(
      /reserve must be an integer from 0 to 9/,
    );
    // A user who never wrote: recorded rejected (never queued), nothing reaches the server.
    const stranger = await messages.sendProgress(bot.botId, 'stranger@im.wechat', step);
    expect(stranger).toMatchObject({ state: 'rejected', cause: 'no-token', kind: 'progress' });
    expect(stranger.reason).toMatch(/^rejected: progress item not sent \(the user has not written/);
    expect(await sim.control.sent(bot.botId, 'stranger@im.wechat')).toEqual([]);
  });
});
