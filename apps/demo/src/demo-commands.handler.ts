import { Injectable } from '@nestjs/common';
import {
  CommandArgs,
  OnWeixinCommand,
  type InferWeixinCommandArgs,
  type WeixinMessageContext,
} from 'nestjs-weixin';

const ORDER_ARGS = [
  { name: 'item', description: 'what you want, in quotes if it has spaces' },
  { name: 'qty', type: 'integer', optional: true },
] as const;

/** The demo bot's commands; `/help` is generated from them. */
@Injectable()
export class DemoCommands {
  @OnWeixinCommand('order', { args: ORDER_ARGS, description: 'order something at once' })
  order(@CommandArgs() { item, qty = 1 }: InferWeixinCommandArgs<typeof ORDER_ARGS>): string {
    if (qty < 1 || qty > 99) return 'Order between 1 and 99, please.';
    return `Ordered ${qty} × ${item}.`;
  }

  @OnWeixinCommand('pizza', { description: 'order a pizza in three questions' })
  pizza(ctx: WeixinMessageContext): string {
    ctx.conversation.enter('pizza');
    return 'Which size: small, medium or large? (/cancel to stop)';
  }

  @OnWeixinCommand('cancel', { description: 'stop the pizza order' })
  cancel(ctx: WeixinMessageContext): string {
    if (!ctx.conversation.active) return 'Nothing to cancel.';
    ctx.conversation.leave();
    return 'Pizza order cancelled.';
  }
}
