import { Injectable } from '@nestjs/common';
import { IlinkClient } from '../client/index.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { MessageItemType } from '../protocol/index.js';
import type { InboxReplySender } from './inbox-reply-sender.js';

/**
 * Sends a handler's text reply with the context token of the message it answers, one item per
 * `sendmessage` (protocol §10).
 */
@Injectable()
export class DirectReplySender implements InboxReplySender {
  constructor(
    private readonly client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
  ) {}

  async send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void> {
    const text = typeof content === 'string' ? content : content.text;
    const account = await this.accounts.ref(ctx.accountId);
    await this.client.sendMessage(account, {
      to_user_id: ctx.from,
      context_token: ctx.contextToken,
      item_list: [{ type: MessageItemType.Text, text_item: { text } }],
    });
  }
}
