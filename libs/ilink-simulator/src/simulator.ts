import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessControl } from './control/in-process.control.js';
import { type SimulatorControl } from './interfaces/simulator-control.types.js';
import { createRequestListener } from './server/request-listener.js';
import { resolveOptions, type SimulatorOptions } from './options/simulator.options.js';
import { SimulatorState } from './state/simulator-state.js';
import { type TypingFakes } from './fakes/typing-fakes.js';

/** A running simulator. */
export interface IlinkSimulator {
  /** API base URL with a trailing slash, e.g. `http://127.0.0.1:8787/` (QR `baseurl` too). */
  readonly baseUrl: string;
  /** CDN base URL, e.g. `http://127.0.0.1:8787/c2c`. */
  readonly cdnBaseUrl: string;
  /** `host:port` of the second listener answered as `redirect_host` ("the other IDC"). */
  readonly redirectHost: string;
  /** The in-process control surface. */
  readonly control: SimulatorControl;
  /** The fakes of WeChat customer-service typing and NXCloud WhatsApp typing (same base URL). */
  readonly fakes: TypingFakes;
  /** Ends held requests, closes every socket and both listeners, removes the temporary folder. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the iLink + CDN simulator (and its second "IDC" listener on the same host). */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<IlinkSimulator> {
  const options = resolveOptions(opts);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ilink-sim-'));
  mkdirSync(dataDir, { recursive: true });
  const state = new SimulatorState(options, dataDir, opts.clock);
  const control = new InProcessControl(state);
  const main = createServer(createRequestListener(state, control, 'main'));
  const redirect = createServer(createRequestListener(state, control, 'redirect'));
  const servers = [main, redirect];
  try {
    const port = await listen(main, options.port, options.host);
    const redirectPort = await listen(redirect, options.redirectPort, options.host);
    const host = urlHost(options.host);
    state.addresses = {
      baseUrl: `http://${host}:${port}/`,
      cdnBaseUrl: `http://${host}:${port}/c2c`,
      redirectHost: `${host}:${redirectPort}`,
    };
  } catch (error) {
    await Promise.all(servers.filter((server) => server.listening).map(shutdown));
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      state.beginClose();
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(servers.map(shutdown));
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return closed;
  };

  return {
    baseUrl: state.addresses.baseUrl,
    cdnBaseUrl: state.addresses.cdnBaseUrl,
    redirectHost: state.addresses.redirectHost,
    control,
    fakes: state.fakes,
    close,
  };
}
