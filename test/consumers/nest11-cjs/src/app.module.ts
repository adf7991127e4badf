import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, WeixinModule } from 'nestjs-weixin';
import { WeixinAdminModule } from 'nestjs-weixin/admin';
import { WeixinHealthModule } from 'nestjs-weixin/health';
import { WeixinMetricsModule } from 'nestjs-weixin/metrics';
import { GreeterBot } from './greeter.bot';

@Module({
  imports: [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [...WEIXIN_ENTITIES],
      migrations: [...WEIXIN_MIGRATIONS],
      migrationsRun: true,
    }),
    // Options from WEIXIN_* in the environment; isGlobal for the opt-in modules below.
    WeixinModule.forRoot({ isGlobal: true }),
    WeixinAdminModule.forRoot({ path: 'admin/weixin', apiKeys: [process.env.ADMIN_API_KEY!] }),
    WeixinHealthModule.forRoot({ path: 'healthz' }),
    WeixinMetricsModule.forRoot({ path: 'prometheus' }),
  ],
  providers: [GreeterBot],
})
export class AppModule {}
