import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, WeixinModule } from '@app/weixin';
import type { DemoEnvironment } from './demo-environment.js';

/**
 * What `npm run login` runs: the demo's database and Weixin options, without polling (a running
 * demo keeps polling its accounts; a new one is picked up by it at once) and without HTTP.
 */
@Module({})
export class LoginCliModule {
  static register(env: DemoEnvironment): DynamicModule {
    return {
      module: LoginCliModule,
      imports: [
        EventEmitterModule.forRoot(),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: env.databaseUrl,
          entities: WEIXIN_ENTITIES,
          migrations: WEIXIN_MIGRATIONS,
          migrationsRun: true,
        }),
        WeixinModule.forRoot({
          baseUrl: env.baseUrl,
          cdnBaseUrl: env.cdnBaseUrl,
          allowedHosts: env.simulator ? ['127.0.0.1'] : [],
          encryption: { keys: { demo: env.encryptionKey }, currentKeyId: 'demo' },
          polling: { enabled: false },
        }),
      ],
    };
  }
}
