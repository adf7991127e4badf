export { WeixinMetricsModule } from './weixin-metrics.module.js';
export { WeixinMetricsService } from './weixin-metrics.service.js';
export type { WeixinMetricsOptions } from './weixin-metrics.options.js';
