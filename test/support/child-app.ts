import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** The built fixture app: beside this file once compiled, else in the repository's `dist/`. */
const ENTRY = here.endsWith('.js')
  ? resolve(dirname(here), '../fixtures/apps/inbound-app.main.js')
  : resolve(dirname(here), '../../dist/test/fixtures/apps/inbound-app.main.js');

/** A child process running the inbound fixture app. */
export interface ChildApp {
  process: ChildProcess;
  /** Resolves when the app printed READY. */
  ready: Promise<void>;
  /** Everything the child wrote to stderr. */
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the fixture app (built by `npm run build`) with `env` added to the environment. */
export function startChildApp(env: Record<string, string>): ChildApp {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolveReady, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolveReady();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited before READY (code ${code}, signal ${signal}): ${err}`)),
    );
  });
  ready.catch(() => undefined);
  return {
    process: child,
    ready,
    stderr: () => err,
    kill: (signal) =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}
