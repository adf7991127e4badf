import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** The built fixture apps: beside this file once compiled, else in the repository's `dist/`. */
const APPS = here.endsWith('.js')
  ? resolve(dirname(here), '../fixtures/apps')
  : resolve(dirname(here), '../../dist/test/fixtures/apps');

/** The fixture apps a child process can run (`test/fixtures/apps/<name>.main.ts`). */
export type ChildAppName = 'inbound-app' | 'outbound-app' | 'admin-app';

/** A child process running a fixture app. */
export interface ChildApp {
  process: ChildProcess;
  /** Resolves when the app printed READY. */
  ready: Promise<void>;
  /** Everything the child wrote to stdout. */
  stdout(): string;
  /** Everything the child wrote to stderr. */
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts fixture app `app` (default the inbound one; built by `npm run build`) with `env` added to
 * the environment.
 */
export function startChildApp(
  env: Record<string, string>,
  app: ChildAppName = 'inbound-app',
): ChildApp {
  const entry = resolve(APPS, `${app}.main.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolveReady, reject) => {
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
    stdout: () => out,
    stderr: () => err,
    kill: (signal) =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}
