export { WeixinAccountNeedsLoginError } from './weixin-account-needs-login.error.js';
export { WeixinDeliveryNotQueuedError } from './weixin-delivery-not-queued.error.js';
export { WeixinServiceMissingError } from './weixin-service-missing.error.js';
export { WeixinUnknownDeadLetterError } from './weixin-unknown-dead-letter.error.js';
export { WeixinUnknownDeliveryError } from './weixin-unknown-delivery.error.js';
