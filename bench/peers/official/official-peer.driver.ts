import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  OfficialLoopOptions,
  OfficialPeerGarbage,
  OfficialPeerResponse,
  OfficialPeerStats,
  OfficialSendBurst,
} from './official-peer.types.js';

const here = fileURLToPath(import.meta.url);
/** The built runner: beside this file once compiled, else in the repository's `dist/`. */
const ENTRY = here.endsWith('.js')
  ? resolve(dirname(here), 'official-peer.main.js')
  : resolve(dirname(here), '../../../dist/bench/peers/official/official-peer.main.js');

/** Tencent's official client (`@tencent-weixin/openclaw-weixin`) running in its own process. */
export interface OfficialPeer {
  /** Process id of the peer (for `/proc` figures). */
  pid: number;
  /** Starts one monitor loop per account. */
  start(options: OfficialLoopOptions): Promise<void>;
  /** Aborts the loops and waits for them to end. */
  stop(): Promise<void>;
  stats(): Promise<OfficialPeerStats>;
  /** Resolves once `count` messages have been handled since the process started. */
  waitHandled(count: number): Promise<OfficialPeerStats>;
  /** Runs a full GC, then records every GC until {@link OfficialPeer.garbageStop}. */
  garbageStart(): Promise<void>;
  /** Runs a full GC; answers what the full GCs since `garbageStart` freed in the old generation. */
  garbageStop(): Promise<OfficialPeerGarbage>;
  /** Sends one after another; answers the time it took, measured in the peer. */
  sendBurst(burst: OfficialSendBurst): Promise<{ ms: number; sent: number }>;
  close(): Promise<void>;
}

/** Forks the official peer (built by `npm run build`) and waits until its modules are loaded. */
export async function startOfficialPeer(): Promise<OfficialPeer> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" first`);
  const stateDir = mkdtempSync(join(tmpdir(), 'openclaw-bench-'));
  const child: ChildProcess = fork(ENTRY, [], {
    env: { ...process.env, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_TMP_DIR: stateDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<void>((resolveReady, reject) => {
    pending.set(0, { resolve: () => resolveReady(), reject });
  });
  child.on('message', (response: OfficialPeerResponse) => {
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(response.result);
    else waiter.reject(new Error(`official peer: ${response.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`official peer exited (code ${code}, signal ${signal})`));
    pending.clear();
  });
  await ready;
  const call = <T>(request: Record<string, unknown>): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolveCall, reject) => {
      pending.set(id, { resolve: (v) => resolveCall(v as T), reject });
      child.send({ id, ...request });
    });
  };
  return {
    pid: child.pid!,
    start: (options) => call<null>({ cmd: 'start', options }).then(() => undefined),
    stop: () => call<null>({ cmd: 'stop' }).then(() => undefined),
    stats: () => call<OfficialPeerStats>({ cmd: 'stats' }),
    waitHandled: (count) => call<OfficialPeerStats>({ cmd: 'waitHandled', count }),
    garbageStart: () => call<null>({ cmd: 'garbageStart' }).then(() => undefined),
    garbageStop: () => call<OfficialPeerGarbage>({ cmd: 'garbageStop' }),
    sendBurst: (burst) => call<{ ms: number; sent: number }>({ cmd: 'sendBurst', burst }),
    close: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(stateDir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null || child.signalCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
      }),
  };
}
