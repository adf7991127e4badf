import { waitFor } from '../support/wait-for.js';
import { adminFetch, adminJson, startAdminApp, type AdminTestApp } from './admin-app.fixture.js';

interface Snapshot {
  loginId: string;
  status: string;
  version: number;
  final: boolean;
  qr?: { content: string; dataUrl: string; number: number };
  verifyCodePending: boolean;
  verifyCodeRejected: boolean;
  redirectHost?: string;
  accountId?: string;
  error?: string;
  startedAt: string;
  deadlineAt: string;
}

interface AccountView {
  id: string;
  state: string;
  session: string;
  lease: { owner: string | null; live: boolean };
  polling: { here: boolean };
}

const USER = 'alice@im.wechat';

describe('admin API: QR login, session renewal, health and metrics', () => {
  let t: AdminTestApp;

  beforeAll(async () => {
    t = await startAdminApp('admin_login_e2e', { MAX_ACTIVE_LOGINS: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Long-polls the login until `until` holds; answers every snapshot seen. */
  async function follow(loginId: string, until: (s: Snapshot) => boolean): Promise<Snapshot[]> {
    const seen: Snapshot[] = [];
    let after = 0;
    for (let i = 0; i < 200; i++) {
      const s = await adminJson<Snapshot>(t, `/login/${loginId}?wait=5000&after=${after}`);
      if (s.version > after) seen.push(s);
      after = s.version;
      if (until(s) || s.final) return seen;
    }
    throw new Error(`login did not reach the expected status: ${JSON.stringify(seen.at(-1))}`);
  }

  async function sse(loginId: string): Promise<string[]> {
    const res = await adminFetch(t, `/login/${loginId}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    return [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]!);
  }

  it('logs in through the API: expiry refresh, IDC redirect, a wrong then right verify code', async () => {
    await t.sim.control.scriptQrLogin({ steps: ['wait', 'expired'] });
    await t.sim.control.scriptQrLogin({
      steps: ['scaned_but_redirect', 'need_verifycode', 'scaned', 'confirmed'],
      verifyCode: '4711',
    });
    const started = await adminJson<Snapshot>(t, '/login', { method: 'POST', body: '{}' });
    expect(started.loginId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(started.qr?.content).toEqual(expect.any(String));
    expect(started.qr?.dataUrl).toMatch(/^data:image\/png;base64,/);
    const events = sse(started.loginId);

    const png = await adminFetch(t, `/login/${started.loginId}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const early = await adminFetch(t, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '1234' }),
    });
    expect(early.status).toBe(409);

    const asking = await follow(started.loginId, (s) => s.status === 'need_verifycode');
    const statuses = asking.map((s) => s.status);
    expect(statuses).toContain('expired');
    expect(statuses).toContain('scaned_but_redirect');
    const needCode = asking.at(-1)!;
    expect(needCode.qr?.number).toBe(2);
    expect(needCode.redirectHost).toBe(t.sim.redirectHost);

    const wrong = await adminJson<Snapshot>(t, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '0000' }),
    });
    expect(wrong.verifyCodePending).toBe(true);
    const rejected = await follow(started.loginId, (s) => s.verifyCodeRejected);
    expect(rejected.at(-1)).toMatchObject({ status: 'need_verifycode', verifyCodeRejected: true });

    await adminJson(t, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '4711' }),
    });
    const done = (await follow(started.loginId, (s) => s.final)).at(-1)!;
    expect(done.status).toBe('confirmed');
    const accountId = done.accountId!;
    expect(accountId).toMatch(/@im\.bot$/);
    expect(await events).toEqual(
      expect.arrayContaining([
        'expired',
        'scaned_but_redirect',
        'need_verifycode',
        'scaned',
        'confirmed',
      ]),
    );

    const polls = await t.sim.control.calls('get_qrcode_status');
    const codes = polls.map((c) => c.query['verify_code']).filter(Boolean);
    expect(codes).toEqual(['0000', '4711']);
    const qrcodes = new Set(polls.map((c) => c.query['qrcode']));
    expect(qrcodes.size).toBe(2);
    const created = await t.sim.control.calls('get_bot_qrcode');
    expect(created).toHaveLength(2);

    // The new account is polled at once (no restart) and replies.
    await waitFor(async () => {
      const a = await adminJson<AccountView>(t, `/accounts/${accountId}`);
      return a.polling.here && a.lease.live;
    }, 'the new account polled');
    await t.sim.control.sendText(accountId, USER, 'hello after login');
    await waitFor(
      async () =>
        (await t.sim.control.sent(accountId, USER)).some(
          (s) => s.text === 'echo: hello after login',
        ),
      'the reply',
    );
    // No QR id in any answer.
    const listed = await (await adminFetch(t, '/accounts')).text();
    for (const qrcode of qrcodes) expect(listed + JSON.stringify(done)).not.toContain(qrcode!);
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
  });

  it('renews a -14 account through a new QR login; its health turns from down to up', async () => {
    const [account] = await adminJson<AccountView[]>(t, '/accounts');
    const botId = account!.id;
    await t.sim.control.expireSession(botId);
    await waitFor(
      async () => (await adminJson<AccountView>(t, `/accounts/${botId}`)).session === 'expired',
      'needs_relogin',
    );
    const down = await fetch(`${t.url}/health`);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as {
      error: { weixin: { accounts: Record<string, { status: string; state: string }> } };
    };
    expect(downBody.error.weixin.accounts[botId]).toMatchObject({
      status: 'down',
      state: 'needs_relogin',
    });
    const resume = await adminFetch(t, `/accounts/${botId}/resume`, { method: 'POST' });
    expect(resume.status).toBe(409);

    await t.sim.control.scriptQrLogin({ steps: ['scaned', 'confirmed'], botId });
    const started = await adminJson<Snapshot>(t, '/login', { method: 'POST', body: '{}' });
    const done = (await follow(started.loginId, (s) => s.final)).at(-1)!;
    expect(done).toMatchObject({ status: 'confirmed', accountId: botId });
    const [tokens] = (await t.sim.control.calls('get_bot_qrcode'))
      .slice(-1)
      .map((c) => (c.body as { local_token_list: string[] }).local_token_list);
    expect(tokens).toHaveLength(1);

    await waitFor(async () => (await fetch(`${t.url}/health`)).status === 200, 'health up');
    const up = (await (await fetch(`${t.url}/health`)).json()) as {
      info: { weixin: { accounts: Record<string, { status: string; polledBy?: string }> } };
    };
    expect(up.info.weixin.accounts[botId]).toMatchObject({ status: 'up', polledBy: 'here' });
    await t.sim.control.sendText(botId, USER, 'back again');
    await waitFor(
      async () =>
        (await t.sim.control.sent(botId, USER)).some((s) => s.text === 'echo: back again'),
      'a reply after renewal',
    );

    // The reply goes out before the message's done mark is written and counted as handled.
    const handled = `weixin_messages_processed_total{account="${botId}",result="handled"} 2`;
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      return text.split('\n').includes(handled) ? text : undefined;
    }, 'the second message counted as handled');
    const value = (name: string) => {
      const line = metrics.split('\n').find((l) => l.startsWith(name));
      return line ? Number(line.split(' ').at(-1)) : NaN;
    };
    expect(value(`weixin_sessions_expired_total{account="${botId}"}`)).toBe(1);
    expect(value(`weixin_messages_received_total{account="${botId}"}`)).toBe(2);
    expect(value(`weixin_messages_processed_total{account="${botId}",result="handled"}`)).toBe(2);
    expect(value(`weixin_polls_total{account="${botId}"}`)).toBeGreaterThan(0);
    expect(value('weixin_lease_changes_total{change="released",reason="session-expired"}')).toBe(1);
    expect(value('weixin_accounts_polled')).toBe(1);
    expect(metrics).toContain('weixin_message_handle_seconds_bucket');
    expect(value(`weixin_replies_left{account="${botId}"}`)).toBeGreaterThan(0);
  });

  it('cancels a login and fails after the QR limit', async () => {
    for (let i = 0; i < 3; i++) await t.sim.control.scriptQrLogin({ steps: ['expired'] });
    const limited = await adminJson<Snapshot>(t, '/login', { method: 'POST', body: '{}' });
    const end = (await follow(limited.loginId, (s) => s.final)).at(-1)!;
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/expired 3 times/);
    expect(await t.sim.control.calls('get_bot_qrcode')).toHaveLength(3 + 3);

    const started = await adminJson<Snapshot>(t, '/login', { method: 'POST', body: '{}' });
    const cancelled = await adminJson<Snapshot>(t, `/login/${started.loginId}`, {
      method: 'DELETE',
    });
    expect(cancelled.status).toBe('cancelled');
  });

  it('refuses more logins in progress than maxActiveLogins (429) and caps deadlineMs', async () => {
    for (let i = 0; i < 3; i++) await t.sim.control.scriptQrLogin({ steps: [] });
    const start = (body: object) =>
      adminFetch(t, '/login', { method: 'POST', body: JSON.stringify(body) });
    const first = (await (await start({ deadlineMs: 3_600_000 })).json()) as Snapshot;
    expect(Date.parse(first.deadlineAt) - Date.parse(first.startedAt)).toBe(480_000);
    const second = (await (await start({})).json()) as Snapshot;
    expect(second.final).toBe(false);

    const refused = await start({});
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: 'WEIXIN_LOGIN_LIMIT',
      message: expect.stringContaining('2 QR logins are already in progress'),
    });

    await adminJson<Snapshot>(t, `/login/${first.loginId}`, { method: 'DELETE' });
    const third = await start({});
    expect(third.ok).toBe(true);
    const { loginId } = (await third.json()) as Snapshot;
    for (const id of [second.loginId, loginId]) {
      await adminJson<Snapshot>(t, `/login/${id}`, { method: 'DELETE' });
    }
  });
});
