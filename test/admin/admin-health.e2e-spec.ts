import { waitFor } from '../support/wait-for.js';
import {
  adminJson,
  type AdminTestApp,
  loginThroughAdmin,
  startAdminApp,
} from './admin-app.fixture.js';

interface HealthAnswer {
  status: string;
  details: {
    weixin: { status: string; accounts: Record<string, { status: string; reason?: string }> };
  };
}

describe('health of an account polled here', () => {
  let t: AdminTestApp;
  let botId: string;

  const health = async (): Promise<{ code: number; body: HealthAnswer }> => {
    const res = await fetch(`${t.url}/health`);
    return { code: res.status, body: (await res.json()) as HealthAnswer };
  };
  const failures = async (): Promise<number> => {
    const account = await adminJson<{ polling: { failuresSinceSuccess?: number } }>(
      t,
      `/accounts/${botId}`,
    );
    return account.polling.failuresSinceSuccess ?? 0;
  };

  beforeAll(async () => {
    t = await startAdminApp('admin_health_e2e');
    botId = await loginThroughAdmin(t);
    await waitFor(async () => (await health()).code === 200, 'healthy after login');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stays down through the back-off while every poll fails, and recovers', async () => {
    await t.sim.control.fault({
      endpoint: 'getupdates',
      botId,
      kind: 'http-error',
      status: 500,
      times: 1_000_000,
    });
    // More failures than polling.maxConsecutiveFailures (3): the back-off has restarted its count.
    await waitFor(async () => (await failures()) > 4, 'failures past a back-off');
    const down = await health();
    expect(down.code).toBe(503);
    expect(down.body.details.weixin.accounts[botId]).toMatchObject({
      status: 'down',
      reason: expect.stringContaining('polls failed since the last success'),
    });

    await t.sim.control.clearFaults();
    const up = await waitFor(async () => {
      const h = await health();
      return h.code === 200 ? h : undefined;
    }, 'healthy after the faults are cleared');
    expect(up.body.details.weixin.accounts[botId]!.status).toBe('up');
    expect(await failures()).toBe(0);
  });
});
