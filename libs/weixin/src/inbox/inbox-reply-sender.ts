import type { WeixinReplySender } from '../handlers/weixin-reply-sender.interface.js';

/** Injection token of the sender that delivers handler replies. */
export const REPLY_SENDER = Symbol('WEIXIN_REPLY_SENDER');

/** Delivers a handler's replies (return value and `ctx.reply()`). */
export type InboxReplySender = WeixinReplySender;
