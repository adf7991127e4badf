export { TypingService } from './typing.service.js';
export type { TypingTarget, WeixinTypingInteractionEvent } from './typing-target.interface.js';
export type { TypingLease } from './typing-lease.js';
export type { TypingPhase } from './typing-indicator.js';
export type {
  TypingStartOptions,
  WeixinTypingState,
  WeixinTypingStats,
} from './typing-state.interface.js';
export type { TypingAddressee, WeixinTypingChannel } from './weixin-typing-channel.interface.js';
export { WeixinTypingError } from './weixin-typing.error.js';
export { ILINK_TYPING_CHANNEL } from '../weixin.constants.js';
export { SYSTEM_TYPING_CLOCK } from './typing-clock.js';
export type { TypingClock, TypingTimer } from '../interfaces/typing-clock.interface.js';
export type {
  CustomerServiceTypingChannelOptions,
  NxcloudTypingChannelOptions,
  WeixinTypingChannelsOptions,
} from '../interfaces/typing-channels-options.interface.js';
export {
  CustomerServiceTypingChannel,
  CS_INTERACTION_WINDOW_MS,
  CS_STATUS_MS,
} from './customer-service/customer-service-typing.channel.js';
export {
  CustomerServiceTypingError,
  type CustomerServiceTypingErrorKind,
} from './customer-service/customer-service-typing.error.js';
export { NxcloudTypingChannel, NXCLOUD_INDICATOR_MS } from './nxcloud/nxcloud-typing.channel.js';
export { NxcloudTypingError, type NxcloudTypingErrorKind } from './nxcloud/nxcloud-typing.error.js';
export { nxcloudSign, type NxcloudSignedHeaders } from './nxcloud/nxcloud-sign.js';
