import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startSimulator, type IlinkSimulator } from './simulator.js';

/** Registers one demo app on each typing fake, with random secrets. */
function demoFakeApps(simulator: IlinkSimulator) {
  const wechat = { appId: 'wx-sim-demo', secret: randomBytes(12).toString('hex') };
  const nxcloud = {
    accessKey: 'sim-access-key',
    accessSecret: randomBytes(12).toString('hex'),
    appKey: 'sim-appkey',
    businessPhones: ['8613800000000'],
  };
  simulator.fakes.wechat.addApp(wechat);
  simulator.fakes.nxcloud.addApp(nxcloud);
  return { wechat, nxcloud };
}

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
  const demo = demoFakeApps(simulator);
  out.write(
    [
      'iLink simulator running',
      `  base URL:   ${simulator.baseUrl}`,
      `  CDN URL:    ${simulator.cdnBaseUrl}`,
      `  web chat:   ${simulator.baseUrl}`,
      `  bot id:     ${bot.botId}`,
      `  bot token:  ${bot.token}`,
      'WeChat customer-service typing fake (same base URL, /cgi-bin/...)',
      `  appId:      ${demo.wechat.appId}   appSecret: ${demo.wechat.secret}`,
      'NXCloud WhatsApp typing fake (same base URL, /api/wa/typingIndicator)',
      `  accessKey:  ${demo.nxcloud.accessKey}   accessSecret: ${demo.nxcloud.accessSecret}`,
      `  appKey:     ${demo.nxcloud.appKey}   businessPhone: ${demo.nxcloud.businessPhones[0]}`,
      '  control:    POST /_fake/wechat/<method>, /_fake/nxcloud/<method> {"args": [...]}',
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
