export { TypingService } from './typing.service.js';
export type { TypingLease } from './typing-lease.js';
export type { TypingPhase } from './typing-indicator.js';
export type {
  TypingStartOptions,
  WeixinTypingState,
  WeixinTypingStats,
} from './typing-state.interface.js';
export type { WeixinTypingChannel } from './weixin-typing-channel.interface.js';
export { WeixinTypingError } from './weixin-typing.error.js';
export { ILINK_TYPING_CHANNEL } from './typing.constants.js';
