export { WeixinHealthModule } from './weixin-health.module.js';
export {
  WeixinHealthIndicator,
  type WeixinAccountHealth,
  type WeixinHealthCheckOptions,
} from './weixin.health.js';
