import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  adminFetch,
  type AdminTestApp,
  greet,
  loginThroughAdmin,
  startAdminApp,
} from '../admin/admin-app.fixture.js';
import { waitFor } from '../support/wait-for.js';
import { pngBytes } from './media-harness.js';

const ALICE = 'alice@im.wechat';

/**
 * Media URLs that answer redirects, errors or nothing: the send fails with a clear 400
 * (`WEIXIN_MEDIA_SOURCE`) and the app (a child process) keeps running and serving.
 */
describe('media URL sources that fail', () => {
  let t: AdminTestApp;
  let botId: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      const status = /^\/status\/(\d{3})/.exec(path);
      if (status) {
        const code = Number(status[1]);
        res.writeHead(code, { location: '/ok.png', 'content-type': 'text/plain' });
        // A short body, all received (not yet read) when the status is seen.
        res.end(`status ${code}`);
      } else if (path === '/empty.png') {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': '0' });
        res.end();
      } else if (path === '/empty-chunked.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.flushHeaders();
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(pngBytes(20_000, 3));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startAdminApp('media_url_failures_e2e', { MEDIA_SOURCE_HOSTS: '127.0.0.1' });
    botId = await loginThroughAdmin(t);
    await greet(t, botId, ALICE);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const mediaPath = () => `/accounts/${botId}/users/${ALICE}/media`;
  const sendUrl = (url: string) =>
    adminFetch(t, mediaPath(), { method: 'POST', body: JSON.stringify({ kind: 'image', url }) });
  const alive = () => t.child.exitCode === null && t.child.signalCode === null;

  it.each([301, 302, 404, 500])(
    'answers 400 for a URL answering %i and keeps running',
    async (code) => {
      for (let round = 0; round < 3; round++) {
        const res = await sendUrl(`${base}/status/${code}/pic.png`);
        const body = (await res.json()) as { error: string; message: string };
        expect(res.status).toBe(400);
        expect(body.error).toBe('WEIXIN_MEDIA_SOURCE');
        expect(body.message).toContain(`answered HTTP ${code}`);
      }
      // The process survives the dropped bodies and still serves.
      const ok = await adminFetch(t, `/accounts/${botId}`);
      expect(ok.status).toBe(200);
      expect(alive()).toBe(true);
    },
  );

  it.each(['/empty.png', '/empty-chunked.png'])(
    'refuses the empty image of %s with a clear 400',
    async (path) => {
      const res = await sendUrl(`${base}${path}`);
      const body = (await res.json()) as { error: string; message: string };
      expect(res.status).toBe(400);
      expect(body.error).toBe('WEIXIN_MEDIA_SOURCE');
      expect(body.message).toContain('empty (0 bytes)');
      expect(alive()).toBe(true);
    },
  );

  it('refuses an uploaded empty image with a clear 400', async () => {
    const form = new FormData();
    form.set('kind', 'image');
    form.set('file', new Blob([], { type: 'image/png' }), 'empty.png');
    const res = await adminFetch(t, mediaPath(), { method: 'POST', body: form });
    const body = (await res.json()) as { error: string; message: string };
    expect(res.status).toBe(400);
    expect(body.message).toContain('empty (0 bytes)');
  });

  it('still sends an image from a URL that answers it', async () => {
    const before = (await t.sim.control.sent(botId, ALICE)).length;
    const res = await sendUrl(`${base}/ok.png`);
    expect(res.status).toBe(201);
    await waitFor(
      async () => (await t.sim.control.sent(botId, ALICE)).length > before,
      'the image sent',
    );
    expect(alive()).toBe(true);
    expect(t.stderr()).not.toContain('RequestAbortedError');
    expect(t.stderr()).not.toContain("Unhandled 'error' event");
  });
});
