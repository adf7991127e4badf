import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

/** A request the local server received, its body read whole. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the local server answers a request. */
export type Handler = (req: Seen, res: ServerResponse) => void;

/**
 * Starts an HTTP server on a free port of 127.0.0.1 that records each request in `seen` and
 * answers it with `handler`.
 */
export async function startServer(
  handler: Handler,
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined); // a client that gives up mid-body
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

/** Everything a log or an error report could show of `error`. */
export function printed(error: unknown): string {
  const err = error as Error;
  return [err.message, err.stack, JSON.stringify(err), inspect(err, { depth: 10 })].join('\n');
}
