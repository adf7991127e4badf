import { Agent, fetch } from 'undici';
import {
  adminFetch,
  adminJson,
  type AdminTestApp,
  API_KEY,
  greet,
  loginThroughAdmin,
  startAdminApp,
} from './admin-app.fixture.js';

/** One request of the campaign. */
interface Probe {
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  auth: 'key' | 'none' | 'wrong';
}

const TOTAL = 1_000;
const ALICE = 'alice@im.wechat';
const UNKNOWN_LOGIN = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A small seeded generator (mulberry32): the same campaign on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Ids around and beyond the bigint range, and other non-ids. */
const HUGE_IDS = [
  '9223372036854775807',
  '9223372036854775808',
  '9999999999999999999',
  '18446744073709551616',
  '99999999999999999999999999',
  '-9223372036854775809',
  '0',
  '00000000000000000001',
  '1e30',
  '0x7fffffffffffffff',
  '%EF%BC%91',
  '1%00',
  '1.0',
  'NaN',
  'Infinity',
];

/** JSON nested `depth` deep, as arrays, objects or both, under a field or at the top. */
function nested(depth: number, shape: 'array' | 'object' | 'mixed', field?: string): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const array = shape === 'array' || (shape === 'mixed' && i % 2 === 0);
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  const value = `${open}1${close}`;
  return field ? `{"${field}":${value}}` : value;
}

const FIELDS = ['text', 'kind', 'url', 'caption', 'fileName', 'durationMs', 'deadlineMs', 'code'];

/** A random JSON value of any type, at most `depth` deep. */
function fuzzValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 0 ? 9 : 6));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 3_600_001, 999][Math.floor(next() * 8)];
    case 3:
      return fuzzString(next);
    case 4:
      return ['image', 'video', 'file', 'voice', 'http://127.0.0.1:1/x', '1234', ''][
        Math.floor(next() * 7)
      ];
    case 5:
      return 'x'.repeat(Math.floor(next() * 70_000));
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => fuzzValue(next, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      const keys = Math.floor(next() * 4);
      for (let i = 0; i < keys; i++) {
        const key =
          next() < 0.7
            ? FIELDS[Math.floor(next() * FIELDS.length)]!
            : fuzzString(next).slice(0, 12);
        out[key] = fuzzValue(next, depth - 1);
      }
      return out;
    }
  }
}

function fuzzString(next: () => number): string {
  const length = Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = next();
    s += String.fromCodePoint(
      r < 0.7 ? 32 + Math.floor(next() * 95) : r < 0.9 ? Math.floor(next() * 0x800) : 0x1f600,
    );
  }
  return s;
}

/** A random body: JSON of any type, broken JSON or raw bytes. */
function fuzzBody(next: () => number): string | Uint8Array {
  const r = next();
  if (r < 0.6) return JSON.stringify(fuzzValue(next, 4)) ?? 'null';
  if (r < 0.8) {
    const json = JSON.stringify(fuzzValue(next, 3)) ?? '';
    return json.slice(0, Math.floor(next() * json.length));
  }
  return Uint8Array.from({ length: Math.floor(next() * 256) }, () => Math.floor(next() * 256));
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=zz',
  'application/octet-stream',
  'application/merge-patch+json',
];

function campaign(botId: string): Probe[] {
  const next = random(20_261_207);
  const pickOf = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const auth = (): Probe['auth'] => {
    const r = next();
    return r < 0.8 ? 'key' : r < 0.9 ? 'none' : 'wrong';
  };
  const user = `/accounts/${botId}/users/${ALICE}`;
  const bodyRoutes = [
    `${user}/messages`,
    `${user}/media`,
    `${user}/typing`,
    '/login',
    `/login/${UNKNOWN_LOGIN}/verify-code`,
    '/dead-letters/1/replay',
  ];
  const probes: Probe[] = [];

  // Ids beyond bigint in every id position, in paths and in paging queries.
  for (const id of HUGE_IDS) {
    for (const a of ['key', 'none'] as const) {
      probes.push({ method: 'GET', path: `/deliveries/${id}`, auth: a });
      probes.push({ method: 'DELETE', path: `/accounts/${botId}/outbox/${id}`, auth: a });
      probes.push({ method: 'POST', path: `/dead-letters/${id}/replay`, auth: a });
      probes.push({ method: 'GET', path: `/dead-letters?afterId=${id}`, auth: a });
      probes.push({ method: 'GET', path: `/accounts/${botId}/outbox?afterId=${id}`, auth: a });
      probes.push({ method: 'GET', path: `/dead-letters?limit=${id}`, auth: a });
    }
  }

  // Deeply nested bodies on every route that reads one.
  for (const path of bodyRoutes) {
    for (const depth of [64, 1_000, 20_000, 200_000]) {
      for (const shape of ['array', 'object', 'mixed'] as const) {
        const field = path.endsWith('messages') ? 'text' : path.endsWith('media') ? 'url' : 'code';
        probes.push({ method: 'POST', path, body: nested(depth, shape), auth: 'key' });
        probes.push({ method: 'POST', path, body: nested(depth, shape, field), auth: 'key' });
      }
    }
  }

  // Bad query parameters.
  const queryValues = ['-1', 'abc', '1e3', '999999999', '', '%00', '[]', '{}', 'true', '1.5'];
  for (let i = 0; i < 60; i++) {
    const name = pickOf(['limit', 'afterId', 'accountId', 'userId', 'wait', 'after', 'x']);
    const value = pickOf(queryValues);
    const repeat = next() < 0.3 ? `&${name}=${pickOf(queryValues)}` : '';
    const bracket = next() < 0.2 ? '[]' : '';
    const target = pickOf([
      '/dead-letters',
      `/accounts/${botId}/outbox`,
      `/login/${UNKNOWN_LOGIN}`,
      '/accounts',
    ]);
    probes.push({
      method: 'GET',
      path: `${target}?${name}${bracket}=${value}${repeat}`,
      auth: auth(),
    });
  }

  // Fuzzed bodies of random types and content types, to the end of the campaign.
  while (probes.length < TOTAL) {
    const path = pickOf(bodyRoutes);
    probes.push({
      method: 'POST',
      path,
      body: fuzzBody(next),
      contentType: pickOf(CONTENT_TYPES),
      auth: auth(),
    });
  }
  return probes.slice(0, TOTAL);
}

describe('admin API under 1,000 hostile and fuzzed requests', () => {
  let t: AdminTestApp;
  let botId: string;

  beforeAll(async () => {
    t = await startAdminApp('admin_fuzz_e2e', { MAX_ACTIVE_LOGINS: '2' });
    botId = await loginThroughAdmin(t);
    await greet(t, botId, ALICE);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers none of them with a 5xx, and the app keeps running', async () => {
    const probes = campaign(botId);
    // One connection per request (no keep-alive): a probe never lands on a socket the server
    // is closing after an earlier one.
    const fresh = new Agent({ pipelining: 0 });
    expect(probes).toHaveLength(TOTAL);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const probe of probes) {
      const headers: Record<string, string> = {};
      if (probe.auth === 'key') headers['authorization'] = `Bearer ${API_KEY}`;
      if (probe.auth === 'wrong') headers['authorization'] = `Bearer ${API_KEY}x`;
      if (probe.body !== undefined) {
        headers['content-type'] = probe.contentType ?? 'application/json';
      }
      const what = `${probe.method} ${probe.path.slice(0, 80)} ${typeof probe.body === 'string' ? probe.body.slice(0, 60) : ''}`;
      let res: Awaited<ReturnType<typeof fetch>>;
      let text: string;
      try {
        res = await fetch(`${t.url}/weixin-admin${probe.path}`, {
          method: probe.method,
          headers,
          body: probe.body,
          dispatcher: fresh,
        });
        text = await res.text();
      } catch (error) {
        const exit = `${t.child.exitCode}/${t.child.signalCode}`;
        const cause = String((error as Error).cause);
        failures.push(`${what} → no answer (${cause}, exit ${exit}): ${t.stderr().slice(-2_000)}`);
        break;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`${what} → ${res.status} ${text.slice(0, 120)}`);
      if (probe.auth !== 'key') expect(res.status).toBeGreaterThanOrEqual(400);
    }
    await fresh.close();
    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    // The campaign reaches validation (400), authentication (401) and lookups (404).
    for (const status of [400, 401, 404]) expect(statuses.get(status)).toBeGreaterThan(0);
    expect(t.child.exitCode).toBeNull();
    const accounts = await adminJson<{ id: string }[]>(t, '/accounts');
    expect(accounts.map((a) => a.id)).toContain(botId);
    expect(t.stderr()).not.toContain('RangeError');
  });

  it('answers 400 naming the problem for ids beyond bigint and deeply nested bodies', async () => {
    for (const path of [
      '/deliveries/9223372036854775808',
      `/accounts/${botId}/outbox/9223372036854775808`,
      '/dead-letters/9223372036854775808/replay',
      '/dead-letters?afterId=9223372036854775808',
    ]) {
      const method = path.endsWith('replay') ? 'POST' : path.includes('outbox/') ? 'DELETE' : 'GET';
      const res = await adminFetch(t, path, { method });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('at most 9223372036854775807');
    }
    const res = await adminFetch(t, `/accounts/${botId}/users/${ALICE}/messages`, {
      method: 'POST',
      body: nested(5_000, 'mixed', 'text'),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('nested more than 32 levels');
  });
});
