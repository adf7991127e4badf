import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.js';

/** Usage of the `simulator` command. */
export const SIMULATOR_USAGE =
  'nestjs-weixin simulator [--port 8787] [--host 127.0.0.1]\n' +
  '  Starts a local iLink + CDN simulator with one bot, prints its URLs and the bot credentials,\n' +
  '  stops on SIGINT/SIGTERM. Its web page (the base URL) lets a person chat with the bot.';

/**
 * `nestjs-weixin simulator [--port 8787] [--host 127.0.0.1]`: starts the simulator with one bot,
 * prints its addresses and credentials, and resolves once it stopped on SIGINT or SIGTERM.
 */
export async function simulatorCommand(
  args: string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  }
  const simulator = await startSimulator({ port, host: values.host });
  const bot = await simulator.control.addBot();
  out.write(
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
  await new Promise<void>((resolve, reject) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      out.write(`${signal}: stopping the simulator\n`);
      simulator.close().then(resolve, reject);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}
