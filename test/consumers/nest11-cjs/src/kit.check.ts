// What a user's own test does with `nestjs-weixin/testing`: boot the app module against the
// simulator through the environment, say something, read the bot's answer. Prints one JSON line.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WeixinTestingKit } from 'nestjs-weixin/testing';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const kit = await WeixinTestingKit.start();
  const restoreEnv = kit.applyEnv();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    kit.attach(app);
    const handled = await kit.send('carol@im.wechat', 'ping');
    const replies = await kit.replies('carol@im.wechat', 1);
    console.log(
      JSON.stringify({ handlers: handled.handlers, replies: replies.map((r) => r.text) }),
    );
  } finally {
    await app.close();
    restoreEnv();
    await kit.close();
  }
}

void main();
