import type { INestApplicationContext } from '@nestjs/common';
import type { IlinkSimulator, SimBot, SimFault } from 'nestjs-weixin/testing';
import {
  WeixinBreakerOpenError,
  WeixinEmptyRefusalError,
  WeixinEvents,
  WeixinInvalidArgumentsError,
  WeixinInvalidRecipientError,
  WeixinMessageService,
  WeixinPrepareFailedError,
  WeixinRateLimitedError,
  WeixinServerRefusedError,
  WeixinSessionExpiredError,
  type WeixinSessionExpiredEvent,
} from 'nestjs-weixin';
import { useE2eBoot } from '../support/e2e-boot.js';
import { eventRecorder } from '../support/event-recorder.js';
import { sleep, waitFor } from '../support/wait-for.js';

const SessionListener = eventRecorder<WeixinSessionExpiredEvent>(WeixinEvents.SessionExpired);

const USER = 'o9cq8refusal@im.wechat';
const RATE_LIMITED_MS = 3_000;
const NAMES = ['prepare', 'empty', 'invalid', 'session', 'limited', 'recipient'] as const;

describe('outbound: each server refusal reaches the caller as its own typed error', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let messages: WeixinMessageService;
  const bots = {} as Record<(typeof NAMES)[number], SimBot>;

  const sendCalls = async (bot: SimBot): Promise<number> =>
    (await sim.control.calls('sendmessage')).filter(
      (c) => c.headers.authorization === `Bearer ${bot.token}`,
    ).length;

  const userWrites = async (bot: SimBot): Promise<void> => {
    await sim.control.sendText(bot.botId, USER, 'hi');
    await waitFor(
      async () => (await messages.ledger(bot.botId, USER)).hasContextToken,
      'context token stored',
    );
  };

  /**
   * What `send` throws (with `throwOnRefusal`) once `sendmessage` answers `kind` for `bot`,
   * checked to be a `type`.
   */
  const refusal = async <E>(
    bot: SimBot,
    kind: SimFault['kind'],
    type: abstract new (...args: never[]) => E,
    text = 'x',
  ): Promise<E> => {
    await sim.control.fault({ endpoint: 'sendmessage', botId: bot.botId, kind });
    const error = await sendRefused(bot, text);
    expect(error).toBeInstanceOf(type);
    return error as E;
  };
  const sendRefused = (bot: SimBot, text: string): Promise<unknown> =>
    messages.send(bot.botId, USER, text, { throwOnRefusal: true }).catch((e: unknown) => e);

  const boot = useE2eBoot('refusals_e2e', {
    bots: NAMES.length,
    setupSql: [],
    app: {
      handlers: [SessionListener],
      options: { send: { breaker: { rateLimitedMs: RATE_LIMITED_MS, rejectedMs: 60_000 } } },
    },
  });
  beforeAll(async () => {
    ({ sim, app } = boot);
    NAMES.forEach((name, i) => (bots[name] = boot.bots[i]!));
    messages = app.get(WeixinMessageService);
    for (const name of NAMES) await userWrites(bots[name]);
  });

  it('"prepare failed" → WeixinPrepareFailedError; the record waits with its own cause', async () => {
    const bot = bots.prepare;
    const e = await refusal(bot, 'prepare-failed', WeixinPrepareFailedError, 'late answer');
    expect(e.code).toBe('WEIXIN_PREPARE_FAILED');
    expect(e.record).toMatchObject({
      state: 'queued',
      cause: 'prepare-failed',
      ret: -2,
      errmsg: 'prepare failed',
    });
    expect(e.record.reason).toMatch(/prepare failed/);
    expect(await messages.getDelivery(e.record.id)).toEqual(e.record);
    // The token is retired: nothing more is sent under it.
    expect((await messages.ledger(bot.botId, USER)).remaining).toBe(0);
  });

  it('an empty errmsg → WeixinEmptyRefusalError (cause no-errmsg), not a generic refusal', async () => {
    const e = await refusal(bots.empty, 'rejected', WeixinEmptyRefusalError);
    expect(e.record).toMatchObject({ cause: 'no-errmsg', ret: -2 });
    expect(e.record.errmsg).toBeUndefined();
  });

  it('ret -3 "invalid arguments" → WeixinInvalidArgumentsError, rejected and not retried', async () => {
    const e = await refusal(bots.invalid, 'invalid-arguments', WeixinInvalidArgumentsError);
    expect(e.record).toMatchObject({
      state: 'rejected',
      cause: 'invalid-arguments',
      ret: -3,
      errmsg: 'invalid arguments',
    });
  });

  it('a malformed recipient is refused before any request; the suffix case is normalised', async () => {
    const bot = bots.recipient;
    const before = await sendCalls(bot);
    for (const bad of ['user:' + USER, 'o9cq8refusal', 'b0f5860fdecb@im.bot']) {
      await expect(messages.send(bot.botId, bad, 'x')).rejects.toBeInstanceOf(
        WeixinInvalidRecipientError,
      );
    }
    expect(await sendCalls(bot)).toBe(before);
    expect(await messages.listDeliveries({ accountId: bot.botId })).toEqual([]);
    const [record] = await messages.send(bot.botId, ' o9cq8refusal@IM.WECHAT ', 'normalised');
    expect(record).toMatchObject({ userId: USER, state: 'accepted' });
    expect(await sendCalls(bot)).toBe(before + 1);
  });

  it('-14 → WeixinSessionExpiredError, and the event says a second binding is the likely cause', async () => {
    const bot = bots.session;
    const e = await refusal(bot, 'stale-session', WeixinSessionExpiredError);
    expect(e.record).toMatchObject({
      state: 'queued',
      cause: 'session',
      ret: -14,
    });
    const listener = app.get(SessionListener);
    const event = await waitFor(
      () => listener.events.find((e) => e.accountId === bot.botId),
      'the session-expired event',
    );
    expect(event.hint).toMatch(/another instance/);
    expect(event.hint).toMatch(/29 s/);
  });

  it('"rate limited" opens the breaker until a stated time; no request is sent until it closes', async () => {
    const bot = bots.limited;
    const started = Date.now();
    const limited = await refusal(bot, 'rate-limited', WeixinRateLimitedError, 'first');
    expect(limited).toBeInstanceOf(WeixinServerRefusedError);
    expect(limited.record).toMatchObject({ state: 'queued', cause: 'rate-limited', ret: -2 });
    expect(limited.until).toBeInstanceOf(Date);
    expect(limited.until!.getTime()).toBeGreaterThan(started + RATE_LIMITED_MS - 1_000);
    expect(limited.record.reason).toContain(limited.until!.toISOString());

    const calls = await sendCalls(bot);
    const held = await sendRefused(bot, 'second');
    expect(held).toBeInstanceOf(WeixinBreakerOpenError);
    expect((held as WeixinBreakerOpenError).until?.toISOString()).toBe(
      limited.until!.toISOString(),
    );
    expect((held as WeixinBreakerOpenError).records[0]).toMatchObject({
      state: 'queued',
      cause: 'breaker',
    });
    await sleep(500);
    expect(await sendCalls(bot)).toBe(calls);

    // Once it closes, the user's next message flushes the outbox in order.
    await waitFor(
      async () => (await messages.ledger(bot.botId, USER)).breakerOpenUntil === undefined,
      'the breaker closed',
      RATE_LIMITED_MS + 5_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(limited.until!.getTime() - 1_000);
    await sim.control.sendText(bot.botId, USER, 'back');
    const texts = await waitFor(async () => {
      const sent = (await sim.control.sent(bot.botId, USER)).filter((s) => s.accepted);
      return sent.length >= 2 ? sent.map((s) => s.text) : undefined;
    }, 'the queued messages sent');
    expect(texts).toEqual(['first', 'second']);
  });
});
