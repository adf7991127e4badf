import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/** Sends replies for `WeixinMessageContext.reply()`; the dispatcher passes one in. */
export interface WeixinReplySender {
  /** Sends `content` to the sender of the message of `ctx`, on the account it arrived on. */
  send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void>;
}
