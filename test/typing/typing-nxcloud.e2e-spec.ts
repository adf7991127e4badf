import {
  NxcloudTypingError,
  WeixinTypingError,
  type NxcloudTypingChannel,
  type NxcloudTypingChannelOptions,
} from 'nestjs-weixin';
import { ManualClock, type IlinkSimulator } from 'nestjs-weixin/testing';
import { runClock, settle } from './channel-clock.js';
import { useTypingApp } from './typing-app.js';

const PHONE = '8613800000000';
const APP = { accessKey: 'fme2na3kdi3ki', accessSecret: 'S3CRET', appKey: 'appkey-1' };

describe('WhatsApp typing through NXCloud against the fake', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  let n = 0;
  const channel = (
    sim: IlinkSimulator,
    name: string,
    o: Partial<NxcloudTypingChannelOptions> = {},
  ) => ({ name, ...APP, businessPhone: PHONE, baseUrl: sim.baseUrl, ...o });
  const t = useTypingApp('typing_nxcloud_e2e', {
    simulator: { clock },
    prepare: (sim) =>
      sim.fakes.nxcloud.addApp({ ...APP, businessPhones: [PHONE, '8613900000000'] }),
    options: (sim) => ({
      polling: { enabled: false },
      typing: {
        keepAliveMs: 300,
        clock,
        channels: {
          nxcloud: [
            channel(sim, 'wa'),
            channel(sim, 'wa-sha', { algorithm: 'sha256' }),
            channel(sim, 'wa-bad-secret', { accessSecret: 'wrong' }),
            channel(sim, 'wa-bad-key', { accessKey: 'nobody' }),
            channel(sim, 'wa-bad-phone', { businessPhone: 'not-a-phone' }),
            channel(sim, 'wa-unbound', { businessPhone: '8613700000000' }),
          ],
        },
      },
    }),
  });
  /** A new WhatsApp user with one incoming message registered on the fake. */
  const newUser = (): { user: string; messageId: string } => {
    const user = `4479000000${++n}`;
    const messageId = `wamid.in-${n}`;
    t.sim.fakes.nxcloud.incoming(messageId, user, PHONE);
    return { user, messageId };
  };

  const wa = (name = 'wa') => t.typing.channel<NxcloudTypingChannel>(name);
  const calls = () => t.sim.fakes.nxcloud.calls;

  it('keeps the indicator up for a whole 120 s job with no request refused; stop sends nothing', async () => {
    const { user, messageId } = newUser();
    const before = calls().length;
    const from = clock.now();
    const lease = await t.typing.start(
      { channel: 'wa', userId: user, messageId },
      { durationMs: 300_000 },
    );
    await settle(t.typing);
    await runClock(clock, [t.typing], 120_000, 250);
    const to = clock.now();
    const job = calls().slice(before);
    expect(job.every((c) => c.code === 0 && c.downstream === undefined)).toBe(true);
    expect(t.sim.fakes.nxcloud.shownMs(user, from, to) / (to - from)).toBeGreaterThanOrEqual(0.95);
    expect(t.sim.fakes.nxcloud.isRead(messageId)).toBe(true);
    // Keep-alive every 20 s: 1 start + 6 keep-alives over 120 s.
    expect(job.length).toBe(7);
    await lease.stop();
    await settle(t.typing);
    expect(calls().length).toBe(before + 7);
    const timeline = t.sim.fakes.nxcloud.timeline(user);
    expect(timeline[0]).toEqual({ at: from, typing: true });
  });

  it('signs with SHA-256 when configured (the algorithm header is sent)', async () => {
    const { user, messageId } = newUser();
    await wa('wa-sha').send({ channel: 'wa-sha', accountId: 'wa-sha', userId: user, messageId });
    const last = calls().at(-1)!;
    expect(last.code).toBe(0);
    expect(last.headers.algorithm).toBe('sha256');
    expect(last.headers.sign).toMatch(/^[0-9a-f]{64}$/);
    expect(t.sim.fakes.nxcloud.timeline(user)).toEqual([{ at: clock.now(), typing: true }]);
  });

  it('sends the seed body with the fixed header values', async () => {
    const { user, messageId } = newUser();
    await wa().send({ channel: 'wa', accountId: 'wa', userId: user, messageId });
    const last = calls().at(-1)!;
    expect(JSON.parse(last.body)).toEqual({
      appkey: APP.appKey,
      messaging_product: 'whatsapp',
      business_phone: PHONE,
      status: 'read',
      message_id: messageId,
      typing_indicator: { type: 'text' },
    });
    expect(last.headers).toMatchObject({ biztype: '2', action: 'read', accesskey: APP.accessKey });
    expect(last.headers.sign).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(last.headers.ts)).toBe(clock.now());
  });

  const fails = async (name: string, messageId: string, kind: string, code?: number) => {
    const to = { channel: name, accountId: name, userId: 'u', messageId };
    const err = await wa(name)
      .send(to)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NxcloudTypingError);
    expect(err).toMatchObject({ kind, ...(code === undefined ? {} : { platformCode: code }) });
  };

  it('a wrong secret is an authentication error (1002)', async () => {
    await fails('wa-bad-secret', newUser().messageId, 'auth', 1002);
    expect(calls().at(-1)!.code).toBe(1002);
  });

  it('an unknown access key is an authentication error (1001)', async () => {
    await fails('wa-bad-key', newUser().messageId, 'auth', 1001);
  });

  it('an outgoing message id is its typed error (code 0 with data.error)', async () => {
    t.sim.fakes.nxcloud.outgoing('wamid.out-1', 'u', PHONE);
    await fails('wa', 'wamid.out-1', 'outgoing-message', 100);
    expect(calls().at(-1)).toMatchObject({ code: 0 });
    expect(calls().at(-1)!.downstream).toMatch(/is outgoing/);
  });

  it('an unknown message id is its typed error', async () => {
    await fails('wa', 'wamid.never-seen', 'unknown-message', 100);
  });

  it('an invalid business phone is 9002, an unbound one 10003', async () => {
    await fails('wa-bad-phone', newUser().messageId, 'invalid-phone', 9002);
    await fails('wa-unbound', newUser().messageId, 'not-bound', 10003);
  });

  it('system failure (-1), parameter (9000) and business (9001) errors are typed', async () => {
    for (const [code, kind] of [
      [-1, 'system'],
      [9000, 'parameter'],
      [9001, 'business'],
    ] as const) {
      t.sim.fakes.nxcloud.failNext(code);
      await fails('wa', newUser().messageId, kind, code);
    }
  });

  it('corrects ts for a server clock 90 s away: one refusal, then success and no more', async () => {
    t.sim.fakes.nxcloud.skew(90_000);
    try {
      const { user, messageId } = newUser();
      const before = calls().length;
      await wa().send({ channel: 'wa', accountId: 'wa', userId: user, messageId });
      await wa().send({ channel: 'wa', accountId: 'wa', userId: user, messageId });
      expect(
        calls()
          .slice(before)
          .map((c) => c.code),
      ).toEqual([1003, 0, 0]);
    } finally {
      t.sim.fakes.nxcloud.skew(0);
      const { user, messageId } = newUser();
      await wa()
        .send({ channel: 'wa', accountId: 'wa', userId: user, messageId })
        .catch(() => undefined);
    }
  });

  it('start without a messageId is a typed error and sends nothing', async () => {
    const before = calls().length;
    await expect(t.typing.start({ channel: 'wa', userId: 'u' })).rejects.toMatchObject({
      kind: 'missing-message-id',
    });
    expect(calls().length).toBe(before);
  });

  it('an unconfigured channel is a typed error', async () => {
    const err = await t.typing.start({ channel: 'telegram', userId: 'u' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeixinTypingError);
    expect(err).toMatchObject({ code: 'WEIXIN_TYPING_CHANNEL' });
  });
});
