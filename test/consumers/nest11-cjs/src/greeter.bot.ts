import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, WeixinMessageContext, WeixinMessageService } from 'nestjs-weixin';

/** Replies by return value and through the message service, as a Nest 11 app would. */
@Injectable()
export class GreeterBot {
  constructor(private readonly messages: WeixinMessageService) {}

  @OnWeixinMessage({ kind: 'text', text: /^hello/i })
  hello(ctx: WeixinMessageContext): string {
    return `Hello, ${ctx.from}!`;
  }

  @OnWeixinMessage({ kind: 'text', text: /^ping$/i })
  async ping(ctx: WeixinMessageContext): Promise<void> {
    await this.messages.send(ctx.accountId, ctx.from, 'pong');
  }
}
