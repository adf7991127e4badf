import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { requiringGlobalWeixin } from '../options/require-global-weixin.js';
import { createWeixinHealthController } from './weixin-health.controller.js';
import { WeixinHealthIndicator } from './weixin.health.js';

/** Options of `WeixinHealthModule.forRoot()`. */
export interface WeixinHealthModuleOptions {
  /**
   * Serve a health route at this path (200 when every account is up, 503 otherwise). Without
   * it the module adds no route: use `WeixinHealthIndicator` in your own terminus controller.
   * @default none
   */
  path?: string;
}

/**
 * Provides `WeixinHealthIndicator` for terminus health checks; `forRoot({ path: 'health' })`
 * also serves a health route. Needs `WeixinModule` registered with `isGlobal: true` (boot fails
 * with a `WeixinConfigError` saying so otherwise).
 */
@Module({
  imports: [TerminusModule.forRoot()],
  providers: [requiringGlobalWeixin(WeixinHealthIndicator, 'WeixinHealthModule')],
  exports: [WeixinHealthIndicator, TerminusModule],
})
export class WeixinHealthModule {
  /** The module, with a health route at `options.path` when given. */
  static forRoot(options: WeixinHealthModuleOptions = {}): DynamicModule {
    return {
      module: WeixinHealthModule,
      controllers: options.path === undefined ? [] : [createWeixinHealthController(options.path)],
    };
  }
}
