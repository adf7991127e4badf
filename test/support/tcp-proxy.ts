import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** How the proxy treats connections. */
export type ProxyMode = 'pass' | 'blackhole' | 'reset';

/**
 * A TCP proxy in front of a real server (Postgres) that a test can cut: `blackhole` stops
 * forwarding on every connection and holds new ones silently (a dropped network), `reset`
 * closes every connection and refuses new ones at once (a stopped server), `pass` forwards.
 */
export interface TcpProxy {
  port: number;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<[Socket, Socket | undefined]>();
  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (mode === 'reset') return void client.destroy();
    if (mode === 'blackhole') {
      const pair: [Socket, Socket | undefined] = [client, undefined];
      pairs.add(pair);
      client.on('close', () => pairs.delete(pair));
      return;
    }
    const upstream = connect(targetPort, targetHost);
    upstream.on('error', () => client.destroy());
    const pair: [Socket, Socket | undefined] = [client, upstream];
    pairs.add(pair);
    client.on('data', (d: Buffer) => {
      if (mode === 'pass') upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (mode === 'pass') client.write(d);
    });
    client.on('close', () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setMode(next) {
      mode = next;
      if (next === 'reset') {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream?.destroy();
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
