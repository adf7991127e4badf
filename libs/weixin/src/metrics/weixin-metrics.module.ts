import { Module, type DynamicModule } from '@nestjs/common';
import { WeixinMetricsService } from './weixin-metrics.service.js';
import { WEIXIN_METRICS_OPTIONS, type WeixinMetricsOptions } from './weixin-metrics.options.js';

/**
 * Prometheus metrics of nestjs-weixin (`WeixinMetricsService`). The app serves
 * `WeixinMetricsService.metrics()` on its own route (e.g. `/metrics`). Needs `WeixinModule`
 * registered with `isGlobal: true`.
 */
@Module({})
export class WeixinMetricsModule {
  /** Registers the metrics; see `WeixinMetricsOptions`. */
  static forRoot(options: WeixinMetricsOptions = {}): DynamicModule {
    return {
      module: WeixinMetricsModule,
      providers: [{ provide: WEIXIN_METRICS_OPTIONS, useValue: options }, WeixinMetricsService],
      exports: [WeixinMetricsService],
    };
  }
}
