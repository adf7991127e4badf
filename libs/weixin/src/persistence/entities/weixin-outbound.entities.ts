export { WeixinDeliveryEntity } from './weixin-delivery.entity.js';
export { WeixinSendBreakerEntity } from './weixin-send-breaker.entity.js';
