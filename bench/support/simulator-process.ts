import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The simulator CLI in its own process, so the benchmark process measures only itself. */
export interface SimulatorProcess {
  child: ChildProcess;
  baseUrl: string;
  cdnBaseUrl: string;
  stop(): Promise<void>;
}

/** Starts `dist/libs/ilink-simulator/src/cli.js` on a free port and waits for its URLs. */
export function startSimulatorProcess(extraArgs: string[] = []): Promise<SimulatorProcess> {
  const cli = fileURLToPath(new URL('../../libs/ilink-simulator/src/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', ...extraArgs], {
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
