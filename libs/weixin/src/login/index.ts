export { WeixinLoginService, type WeixinLoginStartOptions } from './weixin-login.service.js';
export { WeixinLoginError, type WeixinLoginErrorCode } from './weixin-login.error.js';
export { renderQrPng, renderQrDataUrl } from './qr-render.js';
export type * from './weixin-login.types.js';
