export { OnWeixinMessage } from './on-weixin-message.decorator.js';
export {
  WeixinMessageContext,
  type WeixinMessageContextInit,
  type WeixinMediaDownloader,
} from './weixin-message.context.js';
export type { WeixinQuote } from './weixin-quote.interface.js';
export type { WeixinReplySender } from './weixin-message.context.js';
export { WeixinExecutionContext } from './weixin-execution-context.js';
export { WEIXIN_CONTEXT_TYPE, type WeixinContextType } from './handlers.constants.js';
export { WeixinHandlerError, type WeixinHandlerErrorCode } from '../errors/weixin-handler.error.js';
export { replyFromReturnValue } from './weixin-reply.mapper.js';
export { isWeixinGuardDenial } from './guard-denial.util.js';
