import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, WeixinModule } from 'nestjs-weixin';
import { WeixinAdminModule } from 'nestjs-weixin/admin';
import { WeixinHealthModule } from 'nestjs-weixin/health';
import { WeixinMetricsModule } from 'nestjs-weixin/metrics';
import { EchoBot } from './echo.bot.js';
import { ReportBot } from './report.bot.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        type: 'postgres',
        url: config.getOrThrow<string>('DATABASE_URL'),
        entities: [...WEIXIN_ENTITIES /*, your entities */],
        migrations: [...WEIXIN_MIGRATIONS /*, your migrations */],
        migrationsRun: true,
      }),
    }),
    // Global, so the admin, health and metrics modules can use its services.
    WeixinModule.forRootAsync({
      isGlobal: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        accounts: [
          {
            id: config.getOrThrow<string>('WEIXIN_ACCOUNT_ID'),
            token: config.getOrThrow<string>('WEIXIN_BOT_TOKEN'),
          },
        ],
        encryption: {
          keys: { k1: config.getOrThrow<string>('WEIXIN_ENCRYPTION_KEY') },
          currentKeyId: 'k1',
        },
        // baseUrl and cdnBaseUrl: Tencent's, or WEIXIN_BASE_URL / WEIXIN_CDN_BASE_URL when set.
      }),
    }),
    WeixinAdminModule.forRootAsync({
      path: 'weixin-admin',
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        apiKeys: [config.getOrThrow<string>('ADMIN_API_KEY')],
      }),
    }),
    WeixinHealthModule.forRoot({ path: 'health' }),
    WeixinMetricsModule.forRoot({ path: 'metrics' }),
  ],
  providers: [EchoBot, ReportBot],
})
export class AppModule {}
