export { WeixinAdminModule } from './weixin-admin.module.js';
export type { WeixinAdminModuleExtras } from './weixin-admin.module-definition.js';
export type { WeixinAdminOptions } from './weixin-admin.options.js';
export { WeixinAdminService, type AdminMediaSend } from './weixin-admin.service.js';
export type { AdminAccountView } from './admin-account.view.js';
export { WeixinAdminEvents, type WeixinDeadLettersReplayedEvent } from './weixin-admin.events.js';
export { setupWeixinAdminSwagger } from './setup-weixin-admin-swagger.js';
export * from './errors/index.js';
