import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(process.cwd());

/** Output of a finished command. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with its output when it exits non-zero. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0) done({ stdout, stderr });
      else
        fail(
          new Error(
            `${command} ${args.join(' ')} (in ${cwd}) exited ${code}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`,
          ),
        );
    });
  });
}

/**
 * `npm pack`s the workspace package as built by `npm run build` (packing does not rebuild it:
 * other suites' child apps run from the same `dist/` meanwhile) and answers the tarball's path.
 */
export async function packPackage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'weixin-pack-'));
  const { stdout } = await run(
    'npm',
    ['pack', '-w', 'nestjs-weixin', '--pack-destination', dir, '--json', '--silent'],
    ROOT,
  );
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[];
  return join(dir, info!.filename);
}

/** A copy of a consumer app (`test/consumers/<name>`) in a temporary folder. */
export function copyConsumer(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `weixin-${name}-`)), name);
  cpSync(join(ROOT, 'test/consumers', name), dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist)$/.test(src),
  });
  return dir;
}

/** Installs the app's locked dependencies from the registry, then the tarball without saving. */
export async function installConsumer(dir: string, tarball: string): Promise<void> {
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  await run('npm', ['ci', ...quiet], dir);
  await run('npm', ['install', '--no-save', ...quiet, tarball], dir);
}

/** Every installed copy of a package in the app (`npm ls --all --parseable`), deduplicated. */
export async function installedCopies(dir: string, pkg: string): Promise<string[]> {
  const { stdout } = await run('npm', ['ls', pkg, '--all', '--parseable'], dir);
  return [...new Set(stdout.split('\n').filter((l) => l.endsWith(`node_modules/${pkg}`)))];
}

/** A long-running process with its output so far. */
export interface Running {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <args>` in `cwd` and resolves once its output matches `ready`. */
export function startNode(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Running> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const running: Running = {
    child,
    output: () => out,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`node ${args.join(' ')} not ready within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (c: Buffer): void => {
      out += c.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        done(running);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`node ${args.join(' ')} exited ${code} before it was ready:\n${out}`));
    });
  });
}

/** The `bin` of the installed package, as a path. */
export function installedBin(dir: string): string {
  const pkgDir = join(dir, 'node_modules/nestjs-weixin');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(pkgDir, manifest.bin['nestjs-weixin']!);
}
