import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { prepareDemoEnvironment } from './demo-environment.js';
import { greetInSandbox } from './sandbox-greeting.js';

const logger = new Logger('Demo');
const env = await prepareDemoEnvironment();
const app = await NestFactory.create(AppModule.register(env));
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
logger.log(`demo app listening on ${await app.getUrl()}`);
// Shutdown is handled here instead of enableShutdownHooks() so the embedded Postgres stops after
// the app has released its leases and acknowledged its handled messages.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => env.stop())
      .finally(() => process.exit(0));
  });
}
if (env.simulator) {
  logger.log(`chat with the bot as a WeChat user: ${env.simulator.baseUrl}`);
  await greetInSandbox(env);
}
