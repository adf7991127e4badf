import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, WeixinModule } from '@app/weixin';
import { WeixinAdminModule } from '@app/weixin/admin';
import { WeixinHealthModule } from '@app/weixin/health';
import { WeixinMetricsModule } from '@app/weixin/metrics';
import type { DemoEnvironment } from './demo-environment.js';
import { EchoHandler } from './echo.handler.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';

/** The demo application: a NestJS app that runs a WeChat bot through `@app/weixin`. */
@Module({})
export class AppModule {
  static register(env: DemoEnvironment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventEmitterModule.forRoot(),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: env.databaseUrl,
          entities: WEIXIN_ENTITIES,
          migrations: WEIXIN_MIGRATIONS,
          migrationsRun: true,
        }),
        WeixinModule.forRootAsync({
          isGlobal: true,
          useFactory: () => ({
            baseUrl: env.baseUrl,
            cdnBaseUrl: env.cdnBaseUrl,
            allowedHosts: env.simulator ? ['127.0.0.1'] : [],
            accounts: env.accounts,
            encryption: { keys: { demo: env.encryptionKey }, currentKeyId: 'demo' },
          }),
        }),
        WeixinAdminModule.forRoot({
          path: 'weixin-admin',
          apiKeys: env.adminApiKey ? [env.adminApiKey] : [],
        }),
        WeixinHealthModule,
        WeixinMetricsModule.forRoot(),
      ],
      controllers: [HealthController, MetricsController],
      providers: [EchoHandler],
    };
  }
}
