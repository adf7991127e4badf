import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, type WeixinModuleOptions } from 'nestjs-weixin';
import type { DemoEnvironment } from './demo-environment.js';

/**
 * The module `module` of a demo entry point: the peers every entry point imports (`demoPeers`),
 * then its own `imports` and `providers`.
 */
export function demoModule(
  module: Type,
  env: DemoEnvironment,
  imports: DynamicModule[],
  providers: Provider[] = [],
): DynamicModule {
  return { module, imports: [...demoPeers(env), ...imports], providers };
}

/** The peers every demo entry point imports, as the app's own job: events and the data source. */
function demoPeers(env: DemoEnvironment): DynamicModule[] {
  return [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: env.databaseUrl,
      entities: WEIXIN_ENTITIES,
      migrations: WEIXIN_MIGRATIONS,
      migrationsRun: true,
    }),
  ];
}

/** The Weixin options the demo's entry points share. */
export function demoWeixinOptions(env: DemoEnvironment): WeixinModuleOptions {
  return {
    baseUrl: env.baseUrl,
    cdnBaseUrl: env.cdnBaseUrl,
    allowedHosts: env.simulator ? ['127.0.0.1'] : [],
    encryption: { keys: { demo: env.encryptionKey }, currentKeyId: 'demo' },
  };
}
