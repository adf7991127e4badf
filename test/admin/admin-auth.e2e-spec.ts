import { startAdminApp, API_KEY, type AdminTestApp } from './admin-app.fixture.js';

const SAMPLE: Record<string, string> = {
  accountId: 'abc@im.bot',
  userId: 'u1@im.wechat',
  loginId: 'AAAAAAAAAAAAAAAAAAAAAA',
  deliveryId: '1',
  id: '1',
};

describe('admin API authentication', () => {
  let t: AdminTestApp;

  beforeAll(async () => {
    t = await startAdminApp('admin_auth_e2e');
  });
  afterAll(async () => {
    await t?.close();
  });

  const adminRoutes = () =>
    t.routes
      .filter((r) => r.path.startsWith('/weixin-admin/'))
      // The OpenAPI document and its UI describe the API; they hold no data.
      .filter((r) => !r.path.startsWith('/weixin-admin/docs'))
      .map((r) => ({ ...r, path: r.path.replace(/:(\w+)/g, (_m, n: string) => SAMPLE[n] ?? 'x') }));

  it('answers 401 on every admin route of the router without valid credentials', async () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(19);
    const bad: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Bearer wrong-key-0123456789abcdef' },
      { 'x-api-key': `${API_KEY}x` },
      { authorization: `Basic ${Buffer.from(`admin:${API_KEY}`).toString('base64')}` },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${API_KEY.slice(0, -1)}` },
    ];
    for (const route of routes) {
      for (const headers of bad) {
        const res = await fetch(`${t.url}${route.path}`, { method: route.method, headers });
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        expect(res.headers.get('www-authenticate') ?? '').not.toContain(API_KEY);
        expect(await res.text()).not.toContain(API_KEY);
      }
    }
  });

  it('accepts the key as Authorization: Bearer and as X-Api-Key', async () => {
    const good: Record<string, string>[] = [
      { authorization: `Bearer ${API_KEY}` },
      { 'x-api-key': API_KEY },
    ];
    for (const headers of good) {
      const res = await fetch(`${t.url}/weixin-admin/accounts`, { headers });
      expect(res.status).toBe(200);
    }
  });

  it('describes the admin routes in an OpenAPI document at <path>/docs', async () => {
    const res = await fetch(`${t.url}/weixin-admin/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/weixin-admin/accounts',
        '/weixin-admin/login/{loginId}/verify-code',
        '/weixin-admin/accounts/{accountId}/users/{userId}/media',
        '/weixin-admin/dead-letters/{id}/replay',
        '/weixin-admin/typing-channels',
        '/weixin-admin/typing-channels/{channel}/users/{userId}/typing',
        '/weixin-admin/typing-channels/{channel}/users/{userId}/interactions',
      ]),
    );
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/weixin-admin/'))).toBe(true);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearer', 'api-key']),
    );
  });

  it('answers malformed JSON with a 400 that carries no stack trace', async () => {
    const res = await fetch(`${t.url}/weixin-admin/login`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: '{"deadlineMs": ',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at \S+ \(|node_modules/);
  });

  it('refuses to start without API keys, a guard or auth: disabled', async () => {
    await expect(startAdminApp('admin_noauth_e2e', { ADMIN_API_KEY: '' })).rejects.toThrow(
      /no apiKeys and no guard are configured/,
    );
  });

  it('throttles the admin routes: beyond the limit they answer 429', async () => {
    const limited = await startAdminApp('admin_throttle_e2e', { THROTTLE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await fetch(`${limited.url}/weixin-admin/accounts`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
