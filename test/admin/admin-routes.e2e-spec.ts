import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { waitFor } from '../support/wait-for.js';
import { toneWav } from '../voice/wav-fixture.js';
import {
  adminFetch,
  adminJson,
  type AdminTestApp,
  greet,
  loginThroughAdmin,
  startAdminApp,
} from './admin-app.fixture.js';

interface Delivery {
  id: string;
  state: string;
  kind: string;
  accountId: string;
  userId: string;
}

const ALICE = 'alice@im.wechat';
const BOB = 'bob@im.wechat';

describe('admin API routes end to end', () => {
  let t: AdminTestApp;
  let botId: string;
  const dir = mkdtempSync(join(tmpdir(), 'admin-heal-'));
  const healFile = join(dir, 'healed');

  beforeAll(async () => {
    t = await startAdminApp('admin_routes_e2e', { HEAL_FILE: healFile });
    botId = await loginThroughAdmin(t);
    await greet(t, botId, ALICE);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists and gets accounts; unknown ones answer 404', async () => {
    const list = await adminJson<{ id: string; state: string }[]>(t, '/accounts');
    expect(list.map((a) => a.id)).toEqual([botId]);
    const one = await adminJson<Record<string, unknown>>(t, `/accounts/${botId}`);
    expect(one).toMatchObject({
      id: botId,
      state: 'active',
      session: 'valid',
      lease: { live: true },
      polling: { here: true },
      inbox: { done: 1, pending: 0, dead: 0 },
    });
    expect(JSON.stringify(one)).not.toMatch(/token/i);
    expect((await adminFetch(t, '/accounts/nobody@im.bot')).status).toBe(404);
  });

  it('sends a text once per Idempotency-Key and reads its delivery and the ledger', async () => {
    const send = () =>
      adminJson<Delivery[]>(t, `/accounts/${botId}/users/${ALICE}/messages`, {
        method: 'POST',
        body: JSON.stringify({ text: 'hello from the admin' }),
        headers: { 'idempotency-key': 'admin-send-1' },
      });
    const first = await send();
    expect(first).toEqual([expect.objectContaining({ state: 'accepted', kind: 'text' })]);
    const again = await send();
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const sent = (await t.sim.control.sent(botId, ALICE)).filter(
      (s) => s.text === 'hello from the admin',
    );
    expect(sent).toHaveLength(1);
    const record = await adminJson<Delivery>(t, `/deliveries/${first[0]!.id}`);
    expect(record).toMatchObject({ id: first[0]!.id, state: 'accepted' });
    expect((await adminFetch(t, '/deliveries/999999')).status).toBe(404);
    const user = await adminJson<{ ledger: { remaining: number; windowClosesAt: string } }>(
      t,
      `/accounts/${botId}/users/${ALICE}`,
    );
    expect(user.ledger.remaining).toBe(8);
    expect(new Date(user.ledger.windowClosesAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('sends an uploaded image (multipart) and refuses a url outside the allowed hosts', async () => {
    const png = await QRCode.toBuffer('media test', { type: 'png' });
    const form = new FormData();
    form.set('kind', 'image');
    form.set('caption', 'a picture');
    form.set('file', new Blob([png], { type: 'image/png' }), 'picture.png');
    const records = await adminJson<Delivery[]>(t, `/accounts/${botId}/users/${ALICE}/media`, {
      method: 'POST',
      body: form,
    });
    expect(records.map((r) => [r.kind, r.state])).toEqual([
      ['text', 'accepted'],
      ['image', 'accepted'],
    ]);
    expect(await t.sim.control.uploads(botId)).toHaveLength(1);
    const byUrl = await adminFetch(t, `/accounts/${botId}/users/${ALICE}/media`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'file', url: 'http://example.invalid/x.bin' }),
    });
    expect(byUrl.status).toBe(400);
  });

  it('sends an uploaded WAV as native voice, and refuses audio it cannot encode (400)', async () => {
    const wav = toneWav(16_000, 1, 0.5);
    const form = new FormData();
    form.set('kind', 'voice');
    form.set('file', new Blob([wav], { type: 'audio/wav' }), 'hello.wav');
    const records = await adminJson<Delivery[]>(t, `/accounts/${botId}/users/${ALICE}/media`, {
      method: 'POST',
      body: form,
    });
    expect(records.map((r) => [r.kind, r.state])).toEqual([['voice', 'accepted']]);
    const sent = (await t.sim.control.sent(botId, ALICE)).at(-1)!;
    expect(sent.item.voice_item).toMatchObject({ encode_type: 6, playtime: 500 });
    const bad = new FormData();
    bad.set('kind', 'voice');
    bad.set('file', new Blob([Buffer.from('ID3 not decoded here')]), 'song.mp3');
    const refused = await adminFetch(t, `/accounts/${botId}/users/${ALICE}/media`, {
      method: 'POST',
      body: bad,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/WAV/);
  });

  it('starts and stops typing', async () => {
    const started = await adminJson<{ leases: number; phase: string }>(
      t,
      `/accounts/${botId}/users/${ALICE}/typing`,
      { method: 'POST', body: JSON.stringify({ durationMs: 10_000 }) },
    );
    expect(started.leases).toBe(1);
    await waitFor(
      async () => (await t.sim.control.typing(botId, ALICE)).status === 'typing',
      'typing',
    );
    const stopped = await adminJson<{ leases: number; phase: string }>(
      t,
      `/accounts/${botId}/users/${ALICE}/typing`,
      { method: 'DELETE' },
    );
    expect(stopped.leases).toBe(0);
    await waitFor(async () => (await t.sim.control.typing(botId, ALICE)).status === 'idle', 'idle');
  });

  it('types on the configured channels: customer service (30 s rule) and NXCloud', async () => {
    expect(await adminJson<{ channels: string[] }>(t, '/typing-channels')).toEqual({
      channels: ['ilink', 'cs', 'wa'],
    });
    t.sim.fakes.wechat.addApp({ appId: 'wx-admin-oa', secret: 'admin-oa-secret' });
    const refused = await adminFetch(t, '/typing-channels/cs/users/openid-a/typing', {
      method: 'POST',
      body: '{}',
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'WECHAT_CS_NO_INTERACTION' });
    t.sim.fakes.wechat.userWrote('wx-admin-oa', 'openid-a');
    await adminJson(t, '/typing-channels/cs/users/openid-a/interactions', { method: 'POST' });
    const started = await adminJson<{ leases: number; channel: string }>(
      t,
      '/typing-channels/cs/users/openid-a/typing',
      { method: 'POST', body: JSON.stringify({ durationMs: 10_000 }) },
    );
    expect(started).toMatchObject({ leases: 1, channel: 'cs' });
    await waitFor(
      () => t.sim.fakes.wechat.timeline('wx-admin-oa', 'openid-a').length > 0,
      'Typing on the fake',
    );
    await adminJson(t, '/typing-channels/cs/users/openid-a/typing', { method: 'DELETE' });
    await waitFor(
      () => t.sim.fakes.wechat.timeline('wx-admin-oa', 'openid-a').at(-1)?.typing === false,
      'CancelTyping on the fake',
    );

    t.sim.fakes.nxcloud.addApp({
      accessKey: 'admin-key',
      accessSecret: 'admin-secret',
      appKey: 'admin-appkey',
      businessPhones: ['8613800000001'],
    });
    t.sim.fakes.nxcloud.incoming('wamid.admin-1', '447900000099', '8613800000001');
    const noId = await adminFetch(t, '/typing-channels/wa/users/447900000099/typing', {
      method: 'POST',
      body: '{}',
    });
    expect(noId.status).toBe(400);
    await adminJson(t, '/typing-channels/wa/users/447900000099/typing', {
      method: 'POST',
      body: JSON.stringify({ messageId: 'wamid.admin-1' }),
    });
    await waitFor(() => t.sim.fakes.nxcloud.isRead('wamid.admin-1'), 'NXCloud typing');
    const unknown = await adminFetch(t, '/typing-channels/telegram/users/x/typing', {
      method: 'POST',
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    const invalid = await adminFetch(t, '/typing-channels/cs/users/a%2Fb/typing', {
      method: 'POST',
      body: JSON.stringify({ durationMs: -1 }),
    });
    expect(invalid.status).toBe(400);
  });

  it('lists and cancels outbox entries', async () => {
    const [queued] = await adminJson<Delivery[]>(t, `/accounts/${botId}/users/${BOB}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'for later' }),
    });
    expect(queued!.state).toBe('queued');
    const [second] = await adminJson<Delivery[]>(t, `/accounts/${botId}/users/${BOB}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'for later too' }),
    });
    const outbox = await adminJson<Delivery[]>(t, `/accounts/${botId}/outbox?userId=${BOB}`);
    expect(outbox.map((r) => r.id)).toEqual([queued!.id, second!.id]);
    const page1 = await adminJson<Delivery[]>(t, `/accounts/${botId}/outbox?limit=1`);
    const page2 = await adminJson<Delivery[]>(
      t,
      `/accounts/${botId}/outbox?limit=1&afterId=${page1[0]!.id}`,
    );
    expect([...page1, ...page2].map((r) => r.id)).toEqual([queued!.id, second!.id]);
    expect((await adminFetch(t, `/accounts/${botId}/outbox?limit=0`)).status).toBe(400);
    await adminJson<Delivery>(t, `/accounts/${botId}/outbox/${second!.id}`, { method: 'DELETE' });
    const cancelled = await adminJson<Delivery>(t, `/accounts/${botId}/outbox/${queued!.id}`, {
      method: 'DELETE',
    });
    expect(cancelled.state).toBe('cancelled');
    expect(await adminJson<Delivery[]>(t, `/accounts/${botId}/outbox`)).toEqual([]);
    const twice = await adminFetch(t, `/accounts/${botId}/outbox/${queued!.id}`, {
      method: 'DELETE',
    });
    expect(twice.status).toBe(409);
  });

  it('lists dead letters without secrets and replays them', async () => {
    const png = await QRCode.toBuffer('inbound image', { type: 'png' });
    await t.sim.control.sendText(botId, ALICE, 'fail: once', { quote: { text: 'quoted' } });
    await t.sim.control.sendImage(botId, ALICE, png, { keyFormat: 'image-hex' });
    const dead = await waitFor(async () => {
      const rows = await adminJson<{ id: string; accountId: string; lastError: string }[]>(
        t,
        `/dead-letters?accountId=${botId}`,
      );
      return rows.length === 2 ? rows : undefined;
    }, 'two dead letters');
    expect(dead.map((d) => d.lastError)).toEqual([
      expect.stringContaining('handler failed'),
      expect.stringContaining('image handler failed'),
    ]);
    const listed = JSON.stringify(await adminJson<unknown>(t, '/dead-letters'));
    expect(listed).toContain('"ref_msg"');
    expect(listed).toContain('"image_item"');
    for (const secret of ['context_token', 'aes_key', 'aeskey', 'encrypt_query_param', 'full_url'])
      expect(listed).not.toContain(`"${secret}"`);
    writeFileSync(healFile, 'yes');
    for (const row of dead) {
      const replayed = await adminJson<{ id: string }>(t, `/dead-letters/${row.id}/replay`, {
        method: 'POST',
      });
      expect(replayed).toEqual({ id: row.id, accountId: botId });
    }
    await waitFor(async () => {
      const texts = (await t.sim.control.sent(botId, ALICE)).map((s) => s.text);
      return texts.includes('echo: fail: once') && texts.includes('image received');
    }, 'the replayed messages handled');
    expect(await adminJson<unknown[]>(t, '/dead-letters')).toEqual([]);
    expect(
      (await adminFetch(t, `/dead-letters/${dead[0]!.id}/replay`, { method: 'POST' })).status,
    ).toBe(404);
  });

  it('pauses and resumes polling, then removes the account', async () => {
    const paused = await adminJson<{ state: string; polling: { here: boolean } }>(
      t,
      `/accounts/${botId}/pause`,
      { method: 'POST' },
    );
    expect(paused).toMatchObject({ state: 'paused', polling: { here: false } });
    await waitFor(async () => (await t.sim.control.pollers(botId)).active === 0, 'no long poll');
    await t.sim.control.sendText(botId, ALICE, 'while paused');
    const resumed = await adminJson<{ state: string }>(t, `/accounts/${botId}/resume`, {
      method: 'POST',
    });
    expect(resumed.state).toBe('active');
    await waitFor(
      async () =>
        (await t.sim.control.sent(botId, ALICE)).some((s) => s.text === 'echo: while paused'),
      'reply after resume',
    );
    const removed = await adminFetch(t, `/accounts/${botId}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await adminFetch(t, `/accounts/${botId}`)).status).toBe(404);
    expect(await adminJson<unknown[]>(t, '/accounts')).toEqual([]);
  });
});
