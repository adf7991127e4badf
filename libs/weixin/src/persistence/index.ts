export { LeaseLostError } from './lease-lost.error.js';
export { WEIXIN_TOKEN_CIPHER } from './persistence.constants.js';
export { WeixinAccountEntity } from './entities/weixin-account.entity.js';
export { WeixinInboxEntity } from './entities/weixin-inbox.entity.js';
export { WeixinLeaseEntity } from './entities/weixin-lease.entity.js';
export { WeixinLoginEntity } from './entities/weixin-login.entity.js';
export { WeixinReplicaEntity } from './entities/weixin-replica.entity.js';
export { WeixinUserContextEntity } from './entities/weixin-user-context.entity.js';
export { WeixinDeliveryEntity } from './entities/weixin-delivery.entity.js';
export { WeixinSendBreakerEntity } from './entities/weixin-send-breaker.entity.js';
export { WeixinTypingTicketEntity } from './entities/weixin-typing-ticket.entity.js';
export { WeixinInit1732200000000 } from './migrations/1732200000000-weixin-init.migration.js';
export { WEIXIN_ENTITIES } from './weixin.entities.js';
export { WEIXIN_MIGRATIONS } from './weixin.migrations.js';
export { WeixinStore } from './weixin.store.js';
export type { HeldLease, LeaseRenewal } from './lease-renewal.js';
export { WEIXIN_ACCOUNT_STATES, isFirstLease } from './weixin-store.types.js';
export type {
  InboundRecord,
  InboxCounts,
  InboxRow,
  InboxStatus,
  LeaseFence,
  LeaseGrant,
  LeaseRow,
  PersistBatchInput,
  StoredAccount,
  UpsertAccountInput,
  UserContext,
  WeixinAccountState,
} from './weixin-store.types.js';
