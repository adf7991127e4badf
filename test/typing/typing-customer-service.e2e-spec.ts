import type { INestApplicationContext } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import {
  CustomerServiceTypingError,
  TypingService,
  WeixinAccountsService,
  WeixinEvents,
  type CustomerServiceTypingChannel,
  type CustomerServiceTypingChannelOptions,
  type WeixinModuleOptions,
} from 'nestjs-weixin';
import {
  ManualClock,
  startSimulator,
  type IlinkSimulator,
  type SimBot,
} from 'nestjs-weixin/testing';
import { createTestDatabase } from '../support/test-database.js';
import { runClock, settle } from './channel-clock.js';
import { bootTypingApp } from './typing-app.js';

const OA = { appId: 'wx-oa-1', secret: 'oa-secret' };
const MP = { appId: 'wx-mp-1', secret: 'mp-secret' };

describe('WeChat customer-service typing against the fake', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let url: string;
  const apps: INestApplicationContext[] = [];
  let typing: TypingService;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  let n = 0;
  const newUser = (): string => `openid-${++n}`;

  const options = (): Partial<WeixinModuleOptions> => {
    const cs = (o: Partial<CustomerServiceTypingChannelOptions>) =>
      ({ baseUrl: sim.baseUrl, ...o }) as CustomerServiceTypingChannelOptions;
    return {
      polling: { enabled: false },
      typing: {
        keepAliveMs: 300,
        clock,
        channels: {
          customerService: [
            cs({
              name: 'cs',
              kind: 'official-account',
              appId: OA.appId,
              appSecret: OA.secret,
              tokenEndpoint: 'token',
            }),
            cs({ name: 'mp', kind: 'mini-program', appId: MP.appId, appSecret: MP.secret }),
          ],
        },
      },
    };
  };
  const boot = async (): Promise<INestApplicationContext> => {
    const app = await bootTypingApp(sim, bot, url, options());
    apps.push(app);
    return app;
  };
  /** The user writes: the fake and the app learn it at the same clock time. */
  const wrote = (user: string, t: TypingService = typing, appId = OA.appId, channel = 'cs') => {
    sim.fakes.wechat.userWrote(appId, user);
    t.userInteracted(channel, user);
  };
  const calls = () => sim.fakes.wechat.calls;
  const cs = (t: TypingService = typing, name = 'cs') =>
    t.channel<CustomerServiceTypingChannel>(name);

  beforeAll(async () => {
    sim = await startSimulator({ clock });
    sim.fakes.wechat.addApp({ ...OA, kind: 'official-account' });
    sim.fakes.wechat.addApp({ ...MP, kind: 'mini-program' });
    bot = await sim.control.addBot();
    url = await createTestDatabase('typing_cs_e2e');
    const app = await boot();
    await app.get(WeixinAccountsService).seedFromOptions();
    typing = app.get(TypingService);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await sim?.close();
  });

  it('two replicas and a restart share one token (one fetch), stored encrypted', async () => {
    const second = await boot();
    const t2 = second.get(TypingService);
    const [u1, u2] = [newUser(), newUser()];
    wrote(u1);
    wrote(u2, t2);
    await Promise.all([cs().send(u1, 'Typing'), cs(t2).send(u2, 'Typing')]);
    expect(sim.fakes.wechat.tokenFetches(OA.appId)).toBe(1);
    await second.close();
    apps.splice(apps.indexOf(second), 1);
    const third = await boot();
    const u3 = newUser();
    const t3 = third.get(TypingService);
    wrote(u3, t3);
    await cs(t3).send(u3, 'Typing');
    expect(sim.fakes.wechat.tokenFetches(OA.appId)).toBe(1);
    expect(
      calls()
        .slice(-3)
        .map((c) => c.errcode),
    ).toEqual([0, 0, 0]);
    const rows: { token: string; fetches: number }[] = await third
      .get(DataSource)
      .query('SELECT token, fetches FROM weixin_channel_token WHERE app_id = $1', [OA.appId]);
    expect(rows[0]!.fetches).toBe(1);
    expect(rows[0]!.token).toMatch(/^v1:t1:/);
    expect(rows[0]!.token).not.toContain('fake-');
  });

  it('keeps the indicator up for 95 % of a 120 s job while the user writes, 0 refused, cancel at the end', async () => {
    const user = newUser();
    wrote(user);
    const before = calls().length;
    const from = clock.now();
    const lease = await typing.start({ channel: 'cs', userId: user }, { durationMs: 300_000 });
    await settle(typing);
    // The user writes every 20 s: the 30 s rule allows typing the whole job.
    await runClock(clock, [typing], 120_000, 100, (elapsed) => {
      if (elapsed > 0 && elapsed % 20_000 === 0) wrote(user);
    });
    const to = clock.now();
    await lease.stop();
    await settle(typing);
    const job = calls().slice(before);
    expect(job.filter((c) => c.errcode !== 0)).toEqual([]);
    expect(sim.fakes.wechat.shownMs(OA.appId, user, from, to) / (to - from)).toBeGreaterThanOrEqual(
      0.95,
    );
    expect(job.at(-1)).toMatchObject({ command: 'CancelTyping', errcode: 0 });
    expect(sim.fakes.wechat.timeline(OA.appId, user).at(-1)).toEqual({ at: to, typing: false });
  });

  it('after the user stops writing it types while the 30 s rule allows, then sends nothing', async () => {
    const user = newUser();
    wrote(user);
    const from = clock.now();
    const before = calls().length;
    const lease = await typing.start({ channel: 'cs', userId: user }, { durationMs: 300_000 });
    await settle(typing);
    await runClock(clock, [typing], 120_000, 100);
    await lease.stop();
    await settle(typing);
    const job = calls().slice(before);
    expect(job.filter((c) => c.errcode !== 0)).toEqual([]);
    expect(job.every((c) => c.at - from < 30_000)).toBe(true);
    // Allowed: until 30 s after the user's message plus the last status's 15 s; shown for at
    // least 95 % of it (the last status is renewed in the window's last moments).
    expect(sim.fakes.wechat.shownMs(OA.appId, user, from, from + 45_000)).toBeGreaterThanOrEqual(
      0.95 * 45_000,
    );
    expect(sim.fakes.wechat.shownMs(OA.appId, user, from + 45_000, clock.now())).toBe(0);
  });

  it('refuses to start without a message in the last 30 s, with no request', async () => {
    const user = newUser();
    const before = calls().length;
    const err = await typing.start({ channel: 'cs', userId: user }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CustomerServiceTypingError);
    expect(err).toMatchObject({ kind: 'no-interaction', code: 'WECHAT_CS_NO_INTERACTION' });
    wrote(user);
    clock.advance(30_000);
    await expect(typing.start({ channel: 'cs', userId: user })).rejects.toMatchObject({
      kind: 'no-interaction',
    });
    expect(calls().length).toBe(before);
  });

  it('the weixin.typing.interaction event opens the window', async () => {
    const user = newUser();
    sim.fakes.wechat.userWrote(OA.appId, user);
    app0().get(EventEmitter2).emit(WeixinEvents.TypingInteraction, { channel: 'cs', userId: user });
    const lease = await typing.start({ channel: 'cs', userId: user });
    await settle(typing);
    expect(calls().at(-1)).toMatchObject({ openId: user, command: 'Typing', errcode: 0 });
    await lease.stop();
    await settle(typing);
  });

  it('a customer-service message ends the status; the held lease types again without 45081', async () => {
    const user = newUser();
    wrote(user);
    const before = calls().length;
    const lease = await typing.start({ channel: 'cs', userId: user }, { durationMs: 300_000 });
    await settle(typing);
    await runClock(clock, [typing], 3_000, 100);
    sim.fakes.wechat.csMessageSent(OA.appId, user);
    app0().get(EventEmitter2).emit(WeixinEvents.TypingReplied, { channel: 'cs', userId: user });
    await settle(typing);
    await runClock(clock, [typing], 2_000, 100);
    await lease.stop();
    await settle(typing);
    const job = calls().slice(before);
    // Shown at 0, ended by the message at 3 s, shown again at the next check, cancelled at 5 s.
    expect(job.map((c) => [c.command, c.errcode])).toEqual([
      ['Typing', 0],
      ['Typing', 0],
      ['CancelTyping', 0],
    ]);
    expect(job[1]!.at - job[0]!.at).toBeLessThanOrEqual(3_300);
    expect(sim.fakes.wechat.timeline(OA.appId, user).map((e) => e.typing)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it.each([
    ['40001 (token superseded)', 40001, (appId: string) => sim.fakes.wechat.invalidateToken(appId)],
    ['42001 (token expired)', 42001, (appId: string) => sim.fakes.wechat.expireToken(appId)],
  ])('a %s causes one refresh, then success', async (_name, errcode, spoil) => {
    const user = newUser();
    wrote(user);
    const fetches = sim.fakes.wechat.tokenFetches(OA.appId);
    spoil(OA.appId);
    const before = calls().length;
    await cs().send(user, 'Typing');
    expect(
      calls()
        .slice(before)
        .map((c) => c.errcode),
    ).toEqual([errcode, 0]);
    expect(sim.fakes.wechat.tokenFetches(OA.appId)).toBe(fetches + 1);
  });

  it('two replicas refreshing a superseded token at once fetch one new token', async () => {
    const second = await boot();
    try {
      const t2 = second.get(TypingService);
      const [u1, u2] = [newUser(), newUser()];
      wrote(u1);
      wrote(u2, t2);
      await Promise.all([cs().send(u1, 'CancelTyping'), cs(t2).send(u2, 'CancelTyping')]);
      const fetches = sim.fakes.wechat.tokenFetches(OA.appId);
      sim.fakes.wechat.invalidateToken(OA.appId);
      await Promise.all([cs().send(u1, 'Typing'), cs(t2).send(u2, 'Typing')]);
      expect(sim.fakes.wechat.tokenFetches(OA.appId)).toBe(fetches + 1);
    } finally {
      await second.close();
      apps.splice(apps.indexOf(second), 1);
    }
  });

  const fails = async (user: string, command: string, kind: string, errcode: number) => {
    const err = await cs()
      .send(user, command)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(CustomerServiceTypingError);
    expect(err).toMatchObject({ kind, errcode });
  };

  it('every errcode of the seed and the doc is its typed error', async () => {
    const user = newUser();
    await fails(user, 'Typing', 'no-interaction', 45080);
    wrote(user);
    await fails(user, 'Bogus', 'bad-command', 45072);
    await cs().send(user, 'Typing');
    await fails(user, 'Typing', 'already-typing', 45081);
    for (const [code, kind] of [
      [-1, 'busy'],
      [45015, 'out-of-window'],
      [45047, 'out-of-window'],
    ] as const) {
      sim.fakes.wechat.failNext(OA.appId, code);
      await fails(user, 'CancelTyping', kind, code);
    }
    // Token errors that persist after the one refresh.
    for (const [code, kind] of [
      [40001, 'invalid-token'],
      [42001, 'expired-token'],
      [40014, 'bad-token'],
    ] as const) {
      sim.fakes.wechat.failNext(OA.appId, code, 2);
      await fails(user, 'CancelTyping', kind, code);
    }
    const busy = new CustomerServiceTypingError('busy', 'x', -1);
    expect(busy.retryable).toBe(true);
  });

  it('a Mini Program calls the business address with a stable token', async () => {
    const user = newUser();
    wrote(user, typing, MP.appId, 'mp');
    const lease = await typing.start({ channel: 'mp', userId: user });
    await settle(typing);
    await lease.stop();
    await settle(typing);
    expect(calls().slice(-2)).toMatchObject([
      { path: '/cgi-bin/message/custom/business/typing', command: 'Typing', errcode: 0 },
      { path: '/cgi-bin/message/custom/business/typing', command: 'CancelTyping', errcode: 0 },
    ]);
    expect(sim.fakes.wechat.tokenFetches(MP.appId)).toBe(1);
  });

  it('replaces a token 5 min before it expires, once, with no request refused', async () => {
    for (const [name, appId] of [
      ['cs', OA.appId],
      ['mp', MP.appId],
    ] as const) {
      const user = newUser();
      wrote(user, typing, appId, name);
      // A token fetched now (the expired one is replaced after its 42001).
      sim.fakes.wechat.expireToken(appId);
      await cs(typing, name).send(user, 'CancelTyping');
      const fetches = sim.fakes.wechat.tokenFetches(appId);
      const before = calls().length;
      // 7000 s later it has 200 s left (of 7200 s): the first call replaces it, the second reuses it.
      clock.advance(7_000_000);
      wrote(user, typing, appId, name);
      await cs(typing, name).send(user, 'Typing');
      await cs(typing, name).send(user, 'CancelTyping');
      expect(sim.fakes.wechat.tokenFetches(appId)).toBe(fetches + 1);
      expect(
        calls()
          .slice(before)
          .map((c) => c.errcode),
      ).toEqual([0, 0]);
    }
  });

  const app0 = () => apps[0]!;
});
