import {
  adminFetch,
  adminJson,
  startAdminApp,
  startAdminPeer,
  type AdminTestApp,
} from './admin-app.fixture.js';

interface Snapshot {
  loginId: string;
  status: string;
  version: number;
  final: boolean;
  qr?: { content: string; number: number };
  verifyCodePending: boolean;
  verifyCodeRejected: boolean;
  accountId?: string;
}

/** Two instances of the app on one database: every step of a QR login on either one. */
describe('admin API: a QR login served by any replica', () => {
  let a: AdminTestApp;
  let b: AdminTestApp;
  let closeB: () => Promise<void>;

  beforeAll(async () => {
    a = await startAdminApp('admin_login_replicas_e2e');
    ({ app: b, close: closeB } = await startAdminPeer(a));
  });
  afterAll(async () => {
    await closeB?.();
    await a?.close();
  });

  /** Long-polls the login on `t` until `until` holds. */
  async function follow(
    t: AdminTestApp,
    loginId: string,
    until: (s: Snapshot) => boolean,
  ): Promise<Snapshot> {
    let after = 0;
    for (let i = 0; i < 200; i++) {
      const s = await adminJson<Snapshot>(t, `/login/${loginId}?wait=5000&after=${after}`);
      after = s.version;
      if (until(s) || s.final) return s;
    }
    throw new Error('login did not reach the expected status');
  }

  it('starts on A, is followed, shown and given codes on B and A, and confirms', async () => {
    await a.sim.control.scriptQrLogin({
      steps: ['scaned', 'need_verifycode', 'scaned', 'confirmed'],
      verifyCode: '4711',
    });
    const started = await adminJson<Snapshot>(a, '/login', { method: 'POST', body: '{}' });
    expect(started.qr?.content).toEqual(expect.any(String));

    const onB = await adminJson<Snapshot>(b, `/login/${started.loginId}`);
    expect(onB).toMatchObject({ loginId: started.loginId, qr: started.qr });
    const png = await adminFetch(b, `/login/${started.loginId}/qr.png`);
    expect(png.status).toBe(200);
    const events = adminFetch(b, `/login/${started.loginId}/events`).then((r) => r.text());

    const asking = await follow(b, started.loginId, (s) => s.status === 'need_verifycode');
    expect(asking.status).toBe('need_verifycode');
    const wrong = await adminJson<Snapshot>(b, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '0000' }),
    });
    expect(wrong.verifyCodePending).toBe(true);
    const rejected = await follow(a, started.loginId, (s) => s.verifyCodeRejected);
    expect(rejected).toMatchObject({ status: 'need_verifycode', verifyCodeRejected: true });

    await adminJson(a, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '4711' }),
    });
    const done = await follow(b, started.loginId, (s) => s.final);
    expect(done).toMatchObject({
      status: 'confirmed',
      accountId: expect.stringMatching(/@im\.bot$/),
    });
    expect(await events).toMatch(/^event: confirmed$/m);

    const polls = await a.sim.control.calls('get_qrcode_status');
    expect(polls.map((c) => c.query['verify_code']).filter(Boolean)).toEqual(['0000', '4711']);
    // The QR id appears in no answer, no log line and no stored row.
    const qrcodes = [...new Set(polls.map((c) => c.query['qrcode']!))];
    const rows = await a.db.query<{ r: string }>(
      'SELECT row_to_json(l)::text AS r FROM weixin_login l',
    );
    const seen = JSON.stringify(done) + a.stderr() + b.stderr() + rows.rows.map((r) => r.r).join();
    for (const qrcode of qrcodes) expect(seen).not.toContain(qrcode);
    expect(rows.rows.map((r) => r.r).join()).not.toContain('4711');
  });

  it('starts on B and is cancelled on A', async () => {
    await a.sim.control.scriptQrLogin({ steps: [] });
    const started = await adminJson<Snapshot>(b, '/login', { method: 'POST', body: '{}' });
    const cancelled = await adminJson<Snapshot>(a, `/login/${started.loginId}`, {
      method: 'DELETE',
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', final: true });
    expect(await adminJson<Snapshot>(b, `/login/${started.loginId}`)).toMatchObject({
      status: 'cancelled',
      final: true,
    });
    const late = await adminFetch(b, `/login/${started.loginId}/verify-code`, {
      method: 'POST',
      body: JSON.stringify({ code: '1234' }),
    });
    expect(late.status).toBe(409);
  });
});
