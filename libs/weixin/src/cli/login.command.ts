import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { IlinkClient } from '../client/ilink-client.js';
import { ILINK_CLIENT_DEFAULTS } from '../client/ilink-client.defaults.js';
import { LOGIN_DEFAULTS } from '../login/login.constants.js';
import { loginProgressPrinter } from '../login/login-progress.printer.js';
import { QrLoginSession } from '../login/qr-login.session.js';
import type { WeixinLoginCredentials, WeixinLoginSnapshot } from '../login/weixin-login.types.js';
import { CliMessages as M } from './cli.messages.js';
import {
  credentialsAsEnv,
  credentialsAsJson,
  saveCredentials,
  savedTokens,
  type LoginOutput,
} from './login-output.js';

/** Usage of the `login` command. */
export const LOGIN_USAGE =
  'nestjs-weixin login (--env | --json | --save [--state-dir DIR]) [--base-url URL] [--bot-type N]\n' +
  '  Runs a QR login against the iLink server (default WEIXIN_BASE_URL or ' +
  `${ILINK_CLIENT_DEFAULTS.baseUrl}):\n` +
  '  scan the QR code with WeChat, confirm on the phone, type the verify code when asked.\n' +
  '  --env   print WEIXIN_ACCOUNT_ID, WEIXIN_BOT_TOKEN and WEIXIN_BASE_URL lines\n' +
  '  --json  print the credentials as JSON\n' +
  '  --save  store them in DIR/accounts/<account>.json, mode 0600 (default DIR: ./.weixin)\n' +
  '  Progress goes to stderr; only the credentials go to stdout.';

/** How often the session looks for a typed verify code besides being poked. */
const CLI_SYNC_INTERVAL_MS = 500;

/** Where the command reads and writes. */
export interface LoginIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

function parseLoginArgs(args: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      save: { type: 'boolean', default: false },
      'state-dir': { type: 'string', default: '.weixin' },
      'base-url': { type: 'string' },
      'bot-type': { type: 'string' },
    },
  });
  const outputs = (['env', 'json', 'save'] as const).filter((o) => values[o]);
  if (outputs.length !== 1) throw new Error(M.oneOutput(outputs));
  return {
    output: outputs[0] as LoginOutput,
    stateDir: values['state-dir'],
    baseUrl: values['base-url'] ?? (env.WEIXIN_BASE_URL || ILINK_CLIENT_DEFAULTS.baseUrl),
    botType: values['bot-type'] ?? (env.WEIXIN_BOT_TYPE || undefined),
  };
}

/**
 * `nestjs-weixin login (--env | --json | --save)`: a QR login in the terminal. Needs no database
 * and no Nest app. Answers the process exit code: 0 when logged in (or already bound), 1 otherwise.
 */
export async function loginCommand(args: string[], io: LoginIo): Promise<number> {
  const opts = parseLoginArgs(args, io.env);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const client = new IlinkClient({ baseUrl: opts.baseUrl, botType: opts.botType });
  let credentials: WeixinLoginCredentials | undefined;
  // This process is the only "replica": changes are shown as they are recorded, and a verify code
  // typed here is handed to the session as if submitted through another replica.
  let pendingCode: string | undefined;
  let lastVersion = 0;
  let asking = false;
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const show = loginProgressPrinter(say);
  const ask = async (s: WeixinLoginSnapshot): Promise<void> => {
    if (asking || s.status !== 'need_verifycode' || pendingCode !== undefined) return;
    asking = true;
    try {
      io.stderr.write('verify code: ');
      const next = await lines.next();
      if (next.done) return void (await session.cancel());
      pendingCode = String(next.value).trim();
      session.poke();
    } finally {
      asking = false;
    }
  };
  const session: QrLoginSession = new QrLoginSession(
    randomBytes(8).toString('hex'),
    {
      client,
      defaultBaseUrl: opts.baseUrl,
      localTokens: () =>
        opts.output === 'save'
          ? savedTokens(opts.stateDir, LOGIN_DEFAULTS.maxLocalTokens)
          : Promise.resolve([]),
      confirm: async (c) => {
        credentials = c;
        if (opts.output === 'save') say(M.saved(await saveCredentials(opts.stateDir, c)));
      },
      record: async () => {
        const s = session.snapshot;
        if (s.version !== lastVersion) {
          lastVersion = s.version;
          await show(s);
          void ask(s);
        }
        return true;
      },
      sync: () => Promise.resolve({ ended: false, codeWaiting: pendingCode !== undefined }),
      takeCode: () => {
        const code = pendingCode;
        pendingCode = undefined;
        return Promise.resolve(code);
      },
      claim: () => Promise.resolve(true),
    },
    {
      deadlineMs: LOGIN_DEFAULTS.deadlineMs,
      maxQrCodes: LOGIN_DEFAULTS.maxQrCodes,
      pollIntervalMs: LOGIN_DEFAULTS.pollIntervalMs,
      statusTimeoutMs: LOGIN_DEFAULTS.statusTimeoutMs,
      syncIntervalMs: CLI_SYNC_INTERVAL_MS,
    },
  );
  const interrupt = (): void => void session.cancel();
  process.once('SIGINT', interrupt);
  try {
    await session.start();
    const done = await session.finished();
    if (done.status === 'binded_redirect') return 0;
    if (done.status !== 'confirmed' || !credentials) return 1;
    if (opts.output === 'env') io.stdout.write(credentialsAsEnv(credentials));
    if (opts.output === 'json') io.stdout.write(credentialsAsJson(credentials));
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    await session.flushed();
    rl.close();
    await client.close();
  }
}
