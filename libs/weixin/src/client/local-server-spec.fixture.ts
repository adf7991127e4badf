import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { IlinkClient } from './ilink-client.js';
import type { IlinkClientOptions } from './ilink-client.options.js';

/** A request the local server received, its body read whole. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the local server answers a request. */
export type Handler = (req: Seen, res: ServerResponse) => void;

/** A local HTTP server standing in for iLink and its CDN, and a client of it. */
export interface LocalServerSpec {
  /** The server's base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The requests of the current test, in arrival order. */
  seen: Seen[];
  /** How the server answers; each test sets its own. */
  handler: Handler;
  /** A client with API base `url` and CDN base `url/c2c`, new for each test. */
  client: IlinkClient;
}

/**
 * Starts the local server in `beforeAll` (closed in `afterAll`); before each test forgets the
 * requests seen and makes a new client with `options` (closed after the test). The fields are
 * set by the hooks.
 */
export function useLocalServer(
  options: Omit<IlinkClientOptions, 'baseUrl' | 'cdnBaseUrl'>,
): LocalServerSpec {
  const t = { seen: [] as Seen[] } as LocalServerSpec;
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
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
        t.seen.push(entry);
        t.handler(entry, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    t.seen.length = 0;
    t.client = new IlinkClient({ ...options, baseUrl: t.url, cdnBaseUrl: `${t.url}/c2c` });
  });
  afterEach(async () => {
    await t.client.close();
  });
  return t;
}

/** Everything a log or an error report could show of `error`. */
export function printed(error: unknown): string {
  const err = error as Error;
  return [err.message, err.stack, JSON.stringify(err), inspect(err, { depth: 10 })].join('\n');
}
