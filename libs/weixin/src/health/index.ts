export { WeixinHealthModule, type WeixinHealthModuleOptions } from './weixin-health.module.js';
export {
  WeixinHealthIndicator,
  type WeixinAccountHealth,
  type WeixinHealthCheckOptions,
} from './weixin.health.js';
