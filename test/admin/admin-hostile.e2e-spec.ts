import {
  adminJson,
  type AdminTestApp,
  API_KEY,
  dbSnapshot,
  greet,
  loginThroughAdmin,
  startAdminApp,
} from './admin-app.fixture.js';

interface Attack {
  method: string;
  path: string;
  body?: string | FormData | Uint8Array;
  headers?: Record<string, string>;
}

const ALICE = 'alice@im.wechat';

const BAD_ACCOUNT_IDS = [
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e',
  'abc',
  'abc@im.wechat',
  `${'a'.repeat(65)}@im.bot`,
  `${'a'.repeat(5000)}@im.bot`,
  'a%00b@im.bot',
  'a%2fb@im.bot',
  '%E2%80%AE@im.bot',
  'a b@im.bot',
  '@im.bot',
  'nobody@im.bot',
];
const BAD_USER_IDS = [
  '..%2f..%2fx@im.wechat',
  'u1@im.bot',
  'u1',
  `${'u'.repeat(200)}@im.wechat`,
  '.hidden@im.wechat',
  'u%0a1@im.wechat',
];
const BAD_JSON_BODIES = [
  'not json',
  '{"text": ',
  '[]',
  'null',
  '"text"',
  '{"text": 5}',
  '{"text": ""}',
  '{"text": null}',
  '{"text": ["a"]}',
  '{"text": {"a": 1}}',
  '{"text": "x", "extra": 1}',
  '{"__proto__": {"polluted": true}, "text": 1}',
  '{"constructor": {"prototype": {"x": 1}}}',
  JSON.stringify({ text: 'x'.repeat(70_000) }),
];
const BAD_QUERIES = [
  'wait=-1',
  'wait=abc',
  'wait=999999',
  'wait=1e3',
  'after=-5',
  'wait[]=1',
  'after=1&after=2',
  'unknown=1',
];

function attacks(botId: string, deliveryId: string, deadId: string): Attack[] {
  const list: Attack[] = [];
  const account = (id: string) => `/accounts/${id}`;
  for (const id of BAD_ACCOUNT_IDS) {
    list.push({ method: 'GET', path: account(id) });
    list.push({ method: 'POST', path: `${account(id)}/pause` });
    list.push({ method: 'POST', path: `${account(id)}/resume` });
    list.push({ method: 'DELETE', path: account(id) });
    list.push({ method: 'GET', path: `${account(id)}/outbox` });
    list.push({ method: 'DELETE', path: `${account(id)}/outbox/${deliveryId}` });
    list.push({ method: 'GET', path: `${account(id)}/users/${ALICE}` });
    list.push({ method: 'POST', path: `${account(id)}/users/${ALICE}/typing`, body: '{}' });
    list.push({ method: 'DELETE', path: `${account(id)}/users/${ALICE}/typing` });
    list.push({
      method: 'POST',
      path: `${account(id)}/users/${ALICE}/messages`,
      body: '{"text":"hi"}',
    });
    list.push({
      method: 'POST',
      path: `${account(id)}/users/${ALICE}/media`,
      body: '{"kind":"file","url":"http://127.0.0.1:1/x"}',
    });
    list.push({ method: 'GET', path: `/dead-letters?accountId=${id}` });
  }
  for (const user of BAD_USER_IDS) {
    const base = `${account(botId)}/users/${user}`;
    list.push({ method: 'GET', path: base });
    list.push({ method: 'POST', path: `${base}/typing`, body: '{}' });
    list.push({ method: 'DELETE', path: `${base}/typing` });
    list.push({ method: 'POST', path: `${base}/messages`, body: '{"text":"hi"}' });
    list.push({ method: 'GET', path: `${account(botId)}/outbox?userId=${user}` });
    list.push({ method: 'GET', path: `/dead-letters?userId=${user}` });
  }
  const sendPath = `${account(botId)}/users/${ALICE}/messages`;
  for (const body of BAD_JSON_BODIES) {
    list.push({ method: 'POST', path: sendPath, body });
    list.push({ method: 'POST', path: `${account(botId)}/users/${ALICE}/typing`, body });
    list.push({ method: 'POST', path: '/login', body });
    list.push({ method: 'POST', path: `${account(botId)}/users/${ALICE}/media`, body });
  }
  const badFields: [path: string, bodies: string[]][] = [
    [
      `${account(botId)}/users/${ALICE}/typing`,
      ['{"durationMs": -1}', '{"durationMs": "5"}', '{"durationMs": 1e9}', '{"durationMs": 1.5}'],
    ],
    [
      '/login',
      ['{"deadlineMs": 5}', '{"deadlineMs": "x"}', '{"deadlineMs": 99999999}', '{"qrcode": "x"}'],
    ],
  ];
  for (const [path, bodies] of badFields) {
    for (const body of bodies) list.push({ method: 'POST', path, body });
  }
  for (const loginId of [
    '..%2f..%2f',
    'short',
    'A'.repeat(23),
    'AAAAAAAAAAAAAAAAAAAAAA',
    '%00'.repeat(8),
  ]) {
    list.push({ method: 'GET', path: `/login/${loginId}` });
    list.push({ method: 'GET', path: `/login/${loginId}/qr.png` });
    list.push({ method: 'GET', path: `/login/${loginId}/events` });
    list.push({ method: 'DELETE', path: `/login/${loginId}` });
    list.push({ method: 'POST', path: `/login/${loginId}/verify-code`, body: '{"code":"1234"}' });
  }
  for (const query of BAD_QUERIES) {
    list.push({ method: 'GET', path: `/login/AAAAAAAAAAAAAAAAAAAAAA?${query}` });
  }
  for (const code of ['"12a4"', '1234', '""', '"12345678901"', 'null', '["1"]', '"１２３"']) {
    list.push({
      method: 'POST',
      path: '/login/AAAAAAAAAAAAAAAAAAAAAA/verify-code',
      body: `{"code": ${code}}`,
    });
  }
  for (const id of ['0', '-1', 'abc', '1.5', '99999999999999999999', '..%2f1', '999999']) {
    list.push({ method: 'GET', path: `/deliveries/${id}` });
    list.push({ method: 'DELETE', path: `${account(botId)}/outbox/${id}` });
    list.push({ method: 'POST', path: `/dead-letters/${id}/replay` });
  }
  list.push({ method: 'DELETE', path: `${account(botId)}/outbox/${deliveryId}` });
  for (const query of ['limit=0', 'limit=abc', 'limit=501', 'afterId=-1', 'afterId=x', 'foo=bar']) {
    list.push({ method: 'GET', path: `/dead-letters?${query}` });
  }
  for (const key of ['', ' ', 'a b', 'x'.repeat(129), 'k\u00e9y', 'a\tb']) {
    list.push({
      method: 'POST',
      path: sendPath,
      body: '{"text":"hi"}',
      headers: { 'idempotency-key': key },
    });
  }
  // Huge and mistyped bodies.
  list.push({ method: 'POST', path: sendPath, body: `{"text":"${'x'.repeat(2_000_000)}"}` });
  list.push({
    method: 'POST',
    path: sendPath,
    body: '{"text":"hi"}',
    headers: { 'content-type': 'text/plain' },
  });
  list.push({
    method: 'POST',
    path: sendPath,
    body: 'text[]=a&text[]=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  list.push({
    method: 'POST',
    path: sendPath,
    body: '{"text":"hi"}',
    headers: { 'content-type': 'application/json; charset=latin-9' },
  });
  list.push({ method: 'POST', path: sendPath });
  // Bad multipart.
  const mediaPath = `${account(botId)}/users/${ALICE}/media`;
  const multipart = (parts: string, boundary = 'XyZ') => ({
    method: 'POST',
    path: mediaPath,
    body: parts,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  list.push(multipart('garbage without boundary'));
  list.push(multipart('--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n'));
  list.push(
    multipart('--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nimage\r\n--XyZ--\r\n'),
  );
  list.push({
    method: 'POST',
    path: mediaPath,
    body: 'x',
    headers: { 'content-type': 'multipart/form-data' },
  });
  const file = (n: number) => new Blob([new Uint8Array(n).fill(7)], { type: 'image/png' });
  /** A form with `fields` in order: `[name, text]` or `[name, blob, fileName]`. */
  const form = (...fields: ([string, string] | [string, Blob, string])[]) => {
    const f = new FormData();
    for (const [name, value, fileName] of fields) {
      if (typeof value === 'string') f.append(name, value);
      else f.append(name, value, fileName);
    }
    return f;
  };
  const forms: FormData[] = [
    form(['kind', 'image'], ['file', file(70_000), 'big.png']),
    form(['kind', 'image'], ['file', file(10), 'a.png'], ['file', file(10), 'b.png']),
    form(['kind', 'image'], ['other', file(10), 'a.png']),
    form(['kind', 'sticker'], ['file', file(10), 'a.png']),
    form(['kind', 'file'], ['fileName', '../../etc/passwd'], ['file', file(10), 'a.bin']),
    form(['kind', 'file'], ['unknown', 'x'], ['file', file(10), 'a.bin']),
    form(['kind', 'file'], ['url', 'http://127.0.0.1:1/x'], ['file', file(10), 'a.bin']),
    form(['kind', 'file']),
  ];
  for (const url of [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://x/y',
    'not a url',
    'http://[::1/x',
  ]) {
    list.push({ method: 'POST', path: mediaPath, body: JSON.stringify({ kind: 'file', url }) });
  }
  for (const form of forms) list.push({ method: 'POST', path: mediaPath, body: form });
  // Unknown routes and path tricks.
  for (const path of [
    '/x%2f..%2f..%2fhealth',
    '/accounts/..%2f..%2fmetrics',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/accounts//x',
    '/nope',
  ]) {
    list.push({ method: 'GET', path });
  }
  list.push({ method: 'POST', path: `/dead-letters/${deadId}/replay`, body: '{"extra": 1}' });
  for (const id of BAD_ACCOUNT_IDS) {
    for (const user of BAD_USER_IDS) {
      list.push({
        method: 'POST',
        path: `${account(id)}/users/${user}/messages`,
        body: '{"text":"x"}',
      });
      list.push({ method: 'GET', path: `${account(id)}/users/${user}` });
    }
  }
  for (const body of BAD_JSON_BODIES) {
    list.push({ method: 'POST', path: '/login/AAAAAAAAAAAAAAAAAAAAAA/verify-code', body });
  }
  // Deterministic fuzz: random printable ids in every id position.
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  const fuzz = () =>
    encodeURIComponent(
      Array.from({ length: 1 + (next() % 40) }, () => String.fromCharCode(33 + (next() % 94))).join(
        '',
      ),
    );
  for (let i = 0; i < 60; i++) {
    list.push({ method: 'GET', path: `/accounts/${fuzz()}` });
    list.push({
      method: 'POST',
      path: `/accounts/${botId}/users/${fuzz()}/messages`,
      body: '{"text":"x"}',
    });
    list.push({ method: 'GET', path: `/deliveries/${fuzz()}` });
  }
  return list;
}

describe('admin API under malformed and hostile requests', () => {
  let t: AdminTestApp;
  let botId: string;

  beforeAll(async () => {
    t = await startAdminApp('admin_hostile_e2e');
    botId = await loginThroughAdmin(t);
    await greet(t, botId, ALICE);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 4xx to 500+ bad requests, never 5xx, and changes nothing', async () => {
    const [delivery] = await adminJson<{ id: string }[]>(
      t,
      `/accounts/${botId}/users/bob@im.wechat/messages`,
      { method: 'POST', body: JSON.stringify({ text: 'queued' }) },
    );
    await adminJson(t, `/accounts/${botId}/outbox/${delivery!.id}`, { method: 'DELETE' });
    const list = attacks(botId, delivery!.id, '1');
    const before = await dbSnapshot(t.db);
    const sentBefore = (await t.sim.control.sent(botId)).length;
    const failures: string[] = [];
    let count = 0;
    for (const attack of list) {
      for (const auth of [true]) {
        const headers: Record<string, string> = { ...attack.headers };
        if (auth) headers['authorization'] = `Bearer ${API_KEY}`;
        if (typeof attack.body === 'string' && !headers['content-type']) {
          headers['content-type'] = 'application/json';
        }
        const res = await fetch(`${t.url}/weixin-admin${attack.path}`, {
          method: attack.method,
          headers,
          body: attack.body,
        });
        const text = await res.text();
        count += 1;
        if (res.status < 400 || res.status >= 500) {
          failures.push(
            `${attack.method} ${attack.path.slice(0, 80)} ${String(typeof attack.body === 'string' ? attack.body.slice(0, 60) : '')} → ${res.status} ${text.slice(0, 100)}`,
          );
        }
        expect(text).not.toContain(API_KEY);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(500);
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect((await t.sim.control.sent(botId)).length).toBe(sentBefore);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(t.stderr()).not.toContain(API_KEY);
  });
});
