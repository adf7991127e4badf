import { Inject, Module, Optional, type DynamicModule } from '@nestjs/common';
import { requireGlobalWeixin } from '../options/require-global-weixin.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { createWeixinMetricsController } from './weixin-metrics.controller.js';
import { WeixinMetricsService } from './weixin-metrics.service.js';
import { WEIXIN_METRICS_OPTIONS, type WeixinMetricsOptions } from './weixin-metrics.options.js';

/**
 * Prometheus metrics of nestjs-weixin (`WeixinMetricsService`), served at `options.path` when
 * given (e.g. `forRoot({ path: 'metrics' })`). Needs `WeixinModule` registered with
 * `isGlobal: true` (boot fails with a `WeixinConfigError` saying so otherwise).
 */
@Module({})
export class WeixinMetricsModule {
  constructor(@Optional() @Inject(WEIXIN_OPTIONS) core?: unknown) {
    requireGlobalWeixin(core, 'WeixinMetricsModule');
  }

  /** Registers the metrics; see `WeixinMetricsOptions`. */
  static forRoot(options: WeixinMetricsOptions = {}): DynamicModule {
    return {
      module: WeixinMetricsModule,
      controllers: options.path === undefined ? [] : [createWeixinMetricsController(options.path)],
      providers: [{ provide: WEIXIN_METRICS_OPTIONS, useValue: options }, WeixinMetricsService],
      exports: [WeixinMetricsService],
    };
  }
}
