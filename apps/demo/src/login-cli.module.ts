import { Module, type DynamicModule } from '@nestjs/common';
import { WeixinModule } from 'nestjs-weixin';
import type { DemoEnvironment } from './demo-environment.js';
import { demoModule, demoWeixinOptions } from './demo-peers.js';

/**
 * What `npm run login` runs: the demo's database and Weixin options, without polling (a running
 * demo keeps polling its accounts; a new one is picked up by it at once) and without HTTP.
 */
@Module({})
export class LoginCliModule {
  static register(env: DemoEnvironment): DynamicModule {
    return demoModule(LoginCliModule, env, [
      WeixinModule.forRoot({ ...demoWeixinOptions(env), polling: { enabled: false } }),
    ]);
  }
}
