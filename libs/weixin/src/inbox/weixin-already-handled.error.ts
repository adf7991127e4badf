import { WeixinError } from '../errors/weixin.error.js';

/** `ctx.transaction()` found the message already handled (by an earlier attempt or replica). */
export class WeixinAlreadyHandledError extends WeixinError {
  constructor(readonly inboxId: string) {
    super(
      `Inbox row ${inboxId} is already handled: its transaction committed before, so this run does nothing`,
      'WEIXIN_ALREADY_HANDLED',
    );
  }
}
