import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

/**
 * The demo bot's plain messages: pictures get thanks, other text is echoed. Commands (`/help`,
 * `/order`, `/pizza`, `/cancel`) and the answers inside the pizza wizard never reach it.
 */
@Injectable()
export class EchoHandler {
  @OnWeixinMessage({ kind: 'image' })
  image(): string {
    return 'Thanks for the picture!';
  }

  @OnWeixinMessage({ kind: 'text', typing: true })
  echo(ctx: WeixinMessageContext): string | undefined {
    if (/^\/research\b/i.test(ctx.text.trim())) return undefined;
    const expired = ctx.conversation.expired;
    if (expired) return `Your ${expired.scene} order timed out. You said: ${ctx.text}`;
    const quoted = ctx.quote?.partial?.text ?? ctx.quote?.text;
    return quoted === undefined
      ? `You said: ${ctx.text} (send /help for the commands)`
      : `You said: ${ctx.text} (quoting "${quoted}")`;
  }
}
