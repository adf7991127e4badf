import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The simulator CLI in its own process, so the benchmark process measures only itself. */
export interface SimulatorProcess {
  child: ChildProcess;
  baseUrl: string;
  cdnBaseUrl: string;
  stop(): Promise<void>;
}

/** The `nestjs-weixin` command line of the installed package (its `bin`). */
function packageCli(): string {
  const manifest = fileURLToPath(import.meta.resolve('nestjs-weixin/package.json'));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['nestjs-weixin']!);
}

/** Starts `nestjs-weixin simulator` on a free port and waits for its URLs. */
export function startSimulatorProcess(extraArgs: string[] = []): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [packageCli(), 'simulator', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const base = /base URL:\s+(\S+)/.exec(out)?.[1];
      const cdn = /CDN URL:\s+(\S+)/.exec(out)?.[1];
      if (base && cdn) {
        resolve({
          child,
          baseUrl: base,
          cdnBaseUrl: cdn,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
