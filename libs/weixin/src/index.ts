// The public API of @app/weixin.
export { WeixinModule } from './weixin.module.js';
export type { WeixinModuleExtras, WeixinOptionsFactory } from './weixin.module-definition.js';
export type * from './interfaces/weixin-module-options.interface.js';
export { WeixinEvents } from './weixin.events.js';
export type * from './weixin.events.js';

export { IlinkClient } from './client/index.js';
export type { IlinkAccount, IlinkClientOptions } from './client/index.js';
export * from './client/errors/index.js';
export { WeixinError } from './errors/weixin.error.js';
export { WeixinConfigError } from './errors/weixin-config.error.js';

export { PollingService } from './polling/polling.service.js';
export type { AccountPollStatus, PollState, PollStopReason } from './polling/poll-status.js';
export { WeixinAccountsService } from './accounts/weixin-accounts.service.js';
export type { WeixinAccountView } from './accounts/weixin-account.view.js';
export { WeixinUnknownAccountError } from './accounts/weixin-unknown-account.error.js';
export { WeixinAlreadyHandledError } from './inbox/weixin-already-handled.error.js';

export * from './handlers/index.js';
export type * from './interfaces/weixin-message-filter.interface.js';
export type * from './interfaces/weixin-reply.interface.js';

export { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, LeaseLostError } from './persistence/index.js';
export {
  WeixinAccountEntity,
  WeixinInboxEntity,
  WeixinLeaseEntity,
  WeixinUserContextEntity,
} from './persistence/index.js';

export * from './protocol/index.js';
