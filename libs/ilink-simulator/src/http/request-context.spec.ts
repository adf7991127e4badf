import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorState } from '../state/simulator-state.js';
import { createRequestContext, type RequestContext } from './request-context.js';

/**
 * A real HTTP server whose handler builds a request context with a stand-in simulator state (only
 * its `closing` signal is read) and hands it to `onRequest`.
 */
async function withServer(
  closing: AbortController,
  onRequest: (ctx: RequestContext, res: ServerResponse) => void,
  client: (port: number) => Promise<void>,
): Promise<void> {
  const state = { closing: closing.signal } as unknown as SimulatorState;
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    onRequest(createRequestContext(state, req, res, 'main'), res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await client((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A GET that answers its body, or undefined when the request is torn down after `abortAfterMs`. */
function get(port: number, abortAfterMs?: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/x' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', () => resolve(undefined));
    if (abortAfterMs !== undefined) setTimeout(() => req.destroy(), abortAfterMs);
    req.end();
  });
}

describe('createRequestContext', () => {
  it('aborts the signal of a request whose client goes away', async () => {
    let aborted: Promise<unknown> | undefined;
    await withServer(
      new AbortController(),
      (ctx) => {
        const { signal } = ctx;
        aborted = new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve(signal.reason)),
        );
      },
      async (port) => {
        expect(await get(port, 50)).toBeUndefined();
        await expect(aborted).resolves.toBeInstanceOf(Error);
      },
    );
  });

  it('aborts held requests when the simulator closes', async () => {
    const closing = new AbortController();
    await withServer(
      closing,
      (ctx, res) => {
        ctx.signal.addEventListener('abort', () => res.end('released'));
        closing.abort();
      },
      async (port) => expect(await get(port)).toBe('released'),
    );
  });

  it('answers an aborted signal when it is first read after the response closed', async () => {
    let late: AbortSignal | undefined;
    await withServer(
      new AbortController(),
      (ctx, res) => {
        res.on('close', () => (late = ctx.signal));
        res.end('done');
      },
      async (port) => {
        expect(await get(port)).toBe('done');
        await new Promise((resolve) => setImmediate(resolve));
        expect(late?.aborted).toBe(true);
      },
    );
  });

  it('answers an aborted signal when the simulator was already closing', async () => {
    const closing = new AbortController();
    closing.abort();
    await withServer(
      closing,
      (ctx, res) => res.end(String(ctx.signal.aborted)),
      async (port) => expect(await get(port)).toBe('true'),
    );
  });

  it('gives a request the same signal each time it is read', async () => {
    await withServer(
      new AbortController(),
      (ctx, res) => res.end(String(ctx.signal === ctx.signal)),
      async (port) => expect(await get(port)).toBe('true'),
    );
  });
});
