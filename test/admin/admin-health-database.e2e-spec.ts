import { testServerUrl } from '../support/test-database.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';
import { adminJson, startAdminApp, type AdminTestApp } from './admin-app.fixture.js';

const NAME = 'admin_health_database_e2e';

interface HealthAnswer {
  status: string;
  error?: { weixin?: { status: string; reason?: string } };
}

/**
 * The app reaches Postgres through a proxy the test cuts: `/health` must answer 503 with the
 * reason while the database is unreachable (blackholed: no answer at all) or down (connections
 * reset and refused), never hang or answer 500, and 200 again once it is back.
 */
describe('health while the database is unreachable', () => {
  let t: AdminTestApp;
  let proxy: TcpProxy;

  const health = async (): Promise<{ code: number; body: HealthAnswer }> => {
    // A bound for the test only: without it a hanging probe would hold the suite to its timeout.
    const res = await fetch(`${t.url}/health`, { signal: AbortSignal.timeout(20_000) });
    return { code: res.status, body: (await res.json()) as HealthAnswer };
  };

  beforeAll(async () => {
    const server = new URL(testServerUrl());
    proxy = await startTcpProxy(server.hostname, Number(server.port));
    const proxied = new URL(server);
    proxied.host = `127.0.0.1:${proxy.port}`;
    proxied.pathname = `/${NAME}`;
    t = await startAdminApp(NAME, { DATABASE_URL: proxied.toString() });
    const started = await adminJson<{ loginId: string }>(t, '/login', {
      method: 'POST',
      body: '{}',
    });
    await waitFor(async () => {
      const s = await adminJson<{ final: boolean }>(t, `/login/${started.loginId}?wait=3000`);
      return s.final;
    }, 'login confirmed');
    await waitFor(async () => (await health()).code === 200, 'healthy after login');
  });
  afterAll(async () => {
    proxy?.setMode('pass');
    await t?.close();
    await proxy?.close();
  });

  it('answers 503 with the reason while reset, then blackholed, and 200 once back', async () => {
    proxy.setMode('reset');
    for (let i = 0; i < 3; i++) {
      const down = await health();
      expect(down.code).toBe(503);
      expect(down.body.error?.weixin?.status).toBe('down');
      expect(down.body.error?.weixin?.reason).toMatch(/database (failed|did not answer)/);
    }

    proxy.setMode('blackhole');
    for (let i = 0; i < 3; i++) {
      const blackholed = await health();
      expect(blackholed.code).toBe(503);
      expect(blackholed.body.error?.weixin).toMatchObject({
        status: 'down',
        reason: expect.stringContaining('database did not answer within 3000 ms'),
      });
    }

    // Drops the silent connections, then lets the app reconnect.
    proxy.setMode('reset');
    proxy.setMode('pass');
    await waitFor(async () => (await health()).code === 200, 'healthy again', 30_000);
    expect(t.child.exitCode).toBeNull();
    expect(t.stderr()).not.toContain('ExceptionsHandler');
  });
});
