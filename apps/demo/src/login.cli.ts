import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isSandbox, prepareDemoEnvironment } from './demo-environment.js';
import { adminKeyFile, setting } from './demo-settings.js';
import { LoginCliModule } from './login-cli.module.js';
import { loginProgressPrinter, WeixinLoginService, type WeixinLoginSnapshot } from 'nestjs-weixin';

// `npm run login [-- --json]`: a QR login in the terminal against a real iLink server
// (WEIXIN_BASE_URL). Human output goes to stderr; with --json the credentials are printed to
// stdout as JSON instead of being stored.
const json = process.argv.includes('--json');
const say = (line: string): void => void process.stderr.write(`${line}\n`);

// The sandbox's simulator lives inside the running demo: a login here would need a simulator
// (and an embedded Postgres on the same data dir) of its own, and its account would not exist
// on the demo's simulator. The demo's admin API runs the login instead.
if (isSandbox()) {
  const port = setting('PORT') ?? '3000';
  const key = setting('ADMIN_API_KEY') ? '$ADMIN_API_KEY' : `$(cat ${adminKeyFile()})`;
  say(
    'npm run login works against a real iLink server only (set WEIXIN_BASE_URL). In sandbox ' +
      'mode the simulator runs inside the demo: start `npm run demo`, then start a QR login ' +
      'through its admin API:\n' +
      `  curl -X POST -H "Authorization: Bearer ${key}" http://127.0.0.1:${port}/weixin-admin/login\n` +
      `and follow it with GET /weixin-admin/login/<loginId>?wait=30000.`,
  );
  process.exit(2);
}
if (json) Logger.overrideLogger(['error']);

const env = await prepareDemoEnvironment();
const app = await NestFactory.createApplicationContext(LoginCliModule.register(env), {
  logger: json ? ['error'] : ['error', 'warn', 'log'],
});
const login = app.get(WeixinLoginService);
const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
let exitCode = 1;
try {
  const first = await login.start({ save: !json });
  let asking = false;
  const show = loginProgressPrinter(say);
  const ask = async (s: WeixinLoginSnapshot): Promise<void> => {
    if (asking || s.status !== 'need_verifycode' || s.verifyCodePending) return;
    asking = true;
    try {
      for (;;) {
        const code = (await rl.question('verify code: ')).trim();
        try {
          await login.submitVerifyCode(first.loginId, code);
          return;
        } catch (err) {
          say(err instanceof Error ? err.message : String(err));
          if ((await login.get(first.loginId)).final) return;
        }
      }
    } finally {
      asking = false;
    }
  };
  let lastVersion = 0;
  const sub = login.changes(first.loginId).subscribe((s) => {
    if (s.version === lastVersion) return;
    lastVersion = s.version;
    void show(s).then(() => ask(s));
  });
  const done = await login.finished(first.loginId);
  sub.unsubscribe();
  if (done.status === 'confirmed') {
    exitCode = 0;
    if (json) {
      process.stdout.write(
        `${JSON.stringify(await login.takeCredentials(done.loginId), null, 2)}\n`,
      );
    } else {
      say(`account ${done.accountId} stored; a running demo polls it at once`);
    }
  } else if (done.status === 'binded_redirect') {
    exitCode = 0;
  }
} finally {
  rl.close();
  await app.close();
  await env.stop();
}
process.exit(exitCode);
