import { Module, type DynamicModule } from '@nestjs/common';
import { requiringGlobalWeixin } from '../options/require-global-weixin.js';
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
  /** Registers the metrics; see `WeixinMetricsOptions`. */
  static forRoot(options: WeixinMetricsOptions = {}): DynamicModule {
    return {
      module: WeixinMetricsModule,
      controllers: options.path === undefined ? [] : [createWeixinMetricsController(options.path)],
      providers: [
        { provide: WEIXIN_METRICS_OPTIONS, useValue: options },
        requiringGlobalWeixin(WeixinMetricsService, 'WeixinMetricsModule'),
      ],
      exports: [WeixinMetricsService],
    };
  }
}
