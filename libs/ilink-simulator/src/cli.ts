import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.js';

/**
 * `node dist/libs/ilink-simulator/src/cli.js [--port 8787] [--host 127.0.0.1]`: starts the
 * simulator with one bot, prints its addresses and credentials, stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  }
  const simulator = await startSimulator({ port, host: values.host });
  const bot = await simulator.control.addBot();
  process.stdout.write(
    [
      'iLink simulator running',
      `  base URL:   ${simulator.baseUrl}`,
      `  CDN URL:    ${simulator.cdnBaseUrl}`,
      `  web chat:   ${simulator.baseUrl}`,
      `  bot id:     ${bot.botId}`,
      `  bot token:  ${bot.token}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping the simulator\n`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
