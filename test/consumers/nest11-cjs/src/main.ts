import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { setupWeixinAdminSwagger } from 'nestjs-weixin/admin';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  setupWeixinAdminSwagger(app, 'admin/weixin/openapi');
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}

void bootstrap();
