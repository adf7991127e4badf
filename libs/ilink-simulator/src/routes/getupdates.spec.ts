import { startSimulator } from '../index.js';
import { BASE_INFO, ilinkPost, type RawAnswer } from '../testing/raw-ilink.js';
import { useSimWithBot } from '../testing/sim-spec.fixture.js';
import { until } from '../testing/until.js';

const USER = 'o9cq8alice@im.wechat';
const TWO_POW_53 = 2n ** 53n;

describe('getupdates', () => {
  const t = useSimWithBot({ longPollTimeoutMs: 400 });

  const poll = (cursor: string, signal?: AbortSignal): Promise<RawAnswer> =>
    ilinkPost(
      t.sim.baseUrl,
      'getupdates',
      { get_updates_buf: cursor, base_info: BASE_INFO },
      { token: t.bot.token, signal },
    );

  it('holds an idle poll for longPollTimeoutMs and answers the same cursor', async () => {
    const first = await poll('');
    const cursor = first.json.get_updates_buf as string;
    const started = Date.now();
    const answer = await poll(cursor);
    const held = Date.now() - started;
    expect(held).toBeGreaterThanOrEqual(350);
    expect(answer.json).toEqual({
      ret: 0,
      errmsg: '',
      msgs: [],
      get_updates_buf: cursor,
      longpolling_timeout_ms: 400,
    });
  });

  it('releases a held poll as soon as a message arrives', async () => {
    const slowSim = await startSimulator({ longPollTimeoutMs: 10_000 });
    try {
      const slowBot = await slowSim.control.addBot();
      const started = Date.now();
      const pending = ilinkPost(
        slowSim.baseUrl,
        'getupdates',
        { get_updates_buf: '', base_info: BASE_INFO },
        { token: slowBot.token },
      );
      await until(async () => (await slowSim.control.pollers(slowBot.botId)).active === 1);
      const injected = await slowSim.control.sendText(slowBot.botId, USER, 'hello');
      const answer = await pending;
      expect(Date.now() - started).toBeLessThan(2_000);
      const msgs = answer.json.msgs as Record<string, unknown>[];
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({
        seq: injected.seq,
        message_id: injected.messageId,
        from_user_id: USER,
        to_user_id: slowBot.botId,
        message_type: 1,
        message_state: 2,
        context_token: injected.contextToken,
        item_list: [{ type: 1, text_item: { text: 'hello' } }],
      });
      expect(answer.json.longpolling_timeout_ms).toBe(10_000);
      expect(await slowSim.control.pollers(slowBot.botId)).toEqual({
        active: 0,
        maxConcurrent: 1,
        total: 1,
      });
    } finally {
      await slowSim.close();
    }
  });

  it('writes message ids above 2^53 as bare numbers in the raw body', async () => {
    const injected = await t.sim.control.sendText(t.bot.botId, USER, 'id check', {
      quote: { svrId: '18446744073709551615', text: 'quoted' },
    });
    const answer = await poll('');
    const raw = /"message_id":(\d+)[,}]/.exec(answer.text);
    expect(raw).not.toBeNull();
    expect(raw?.[1]).toBe(injected.messageId);
    expect(BigInt(raw?.[1] ?? '0')).toBeGreaterThan(TWO_POW_53);
    expect(answer.text).toContain('"svr_id":18446744073709551615');
    expect(JSON.stringify(answer.json.msgs)).toContain(
      '"ref_msg":{"svr_id":"18446744073709551615"',
    );
  });

  it('delivers a group_id and a bot echo (message_type 2) when a test injects them', async () => {
    await t.sim.control.sendText(t.bot.botId, USER, 'in a group', { groupId: 'g1@chatroom' });
    await t.sim.control.sendText(t.bot.botId, USER, 'echo', { messageType: 2 });
    await expect(
      t.sim.control.sendText(t.bot.botId, USER, 'x', { messageType: 3 as never }),
    ).rejects.toThrow(/messageType must be 1 or 2/);
    const msgs = (await poll('')).json.msgs as Record<string, unknown>[];
    expect(msgs.map((m) => [m.group_id, m.message_type])).toEqual([
      ['g1@chatroom', 1],
      [undefined, 2],
    ]);
  });

  it('delivers batches and advances the cursor; an old cursor replays the same messages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await t.sim.control.sendText(t.bot.botId, USER, `m${i}`)).messageId);
    const first = await poll('');
    const firstIds = (first.json.msgs as { message_id: string }[]).map((m) => m.message_id);
    expect(firstIds).toEqual(ids);
    const cursor = first.json.get_updates_buf as string;
    expect(cursor).not.toBe('');

    const later = await t.sim.control.sendText(t.bot.botId, USER, 'later');
    const next = await poll(cursor);
    expect((next.json.msgs as { message_id: string }[]).map((m) => m.message_id)).toEqual([
      later.messageId,
    ]);

    const replay = await poll(cursor);
    expect((replay.json.msgs as { message_id: string }[]).map((m) => m.message_id)).toEqual([
      later.messageId,
    ]);
    expect(replay.json.get_updates_buf).toBe(next.json.get_updates_buf);
  });

  it('delivers at most 100 messages per answer', async () => {
    for (let i = 0; i < 130; i++)
      await t.sim.control.sendText(t.bot.botId, `u${i}@im.wechat`, `m${i}`);
    const first = await poll('');
    expect(first.json.msgs).toHaveLength(100);
    const second = await poll(first.json.get_updates_buf as string);
    expect(second.json.msgs).toHaveLength(30);
  });

  it('refuses a cursor it never issued; a cursor from before reset() starts over', async () => {
    const bad = await poll('not-a-cursor');
    expect(bad.json).toEqual({ ret: -2, errmsg: 'invalid get_updates_buf' });
    await t.sim.control.sendText(t.bot.botId, USER, 'one');
    const cursor = (await poll('')).json.get_updates_buf as string;
    await t.sim.control.reset();
    t.bot = await t.sim.control.addBot({ botId: t.bot.botId });
    await t.sim.control.sendText(t.bot.botId, USER, 'after reset');
    const answer = await poll(cursor);
    expect((answer.json.msgs as { item_list: unknown }[])[0].item_list).toEqual([
      { type: 1, msg_id: expect.stringMatching(/^\d{17,20}$/), text_item: { text: 'after reset' } },
    ]);
  });

  it('redelivers a message with the same id, or with a new id and the same content', async () => {
    const original = await t.sim.control.sendText(t.bot.botId, USER, 'again', {
      createTimeMs: 1_700_000_000_000,
    });
    const same = await t.sim.control.redeliver(t.bot.botId, original.messageId);
    const fresh = await t.sim.control.redeliver(t.bot.botId, original.messageId, { newId: true });
    expect(same.messageId).toBe(original.messageId);
    expect(same.contextToken).toBe(original.contextToken);
    expect(fresh.messageId).not.toBe(original.messageId);
    const msgs = (await poll('')).json.msgs as Record<string, unknown>[];
    expect(msgs.map((m) => m.message_id)).toEqual([
      original.messageId,
      original.messageId,
      fresh.messageId,
    ]);
    for (const m of msgs) {
      expect(m).toMatchObject({ from_user_id: USER, create_time_ms: 1_700_000_000_000 });
      expect(m.item_list).toEqual([
        { type: 1, msg_id: expect.stringMatching(/^\d{17,20}$/), text_item: { text: 'again' } },
      ]);
    }
  });

  it('answers -14 to a held poll when the session is expired', async () => {
    const pending = poll('');
    await until(async () => (await t.sim.control.pollers(t.bot.botId)).active === 1);
    await t.sim.control.expireSession(t.bot.botId);
    expect((await pending).json).toMatchObject({ ret: -14, errcode: -14 });
  });

  it('tracks concurrent pollers and forgets polls closed by the client', async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const pending = controllers.map((c) => poll('', c.signal).catch(() => undefined));
    await until(async () => (await t.sim.control.pollers(t.bot.botId)).active === 3);
    expect(await t.sim.control.pollers(t.bot.botId)).toEqual({
      active: 3,
      maxConcurrent: 3,
      total: 3,
    });
    controllers.forEach((c) => c.abort());
    await Promise.all(pending);
    await until(async () => (await t.sim.control.pollers(t.bot.botId)).active === 0);
    expect(await t.sim.control.pollers(t.bot.botId)).toEqual({
      active: 0,
      maxConcurrent: 3,
      total: 3,
    });
  });
});
