import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

/** The demo bot: answers `/help`, pictures, and echoes everything else. */
@Injectable()
export class EchoHandler {
  @OnWeixinMessage({ text: /^\/help$/i })
  help(): string {
    return (
      'I am the nestjs-weixin demo bot. Send me any text and I will echo it (quote a message to ' +
      'see the quote resolved); /research <topic> shows progress items.'
    );
  }

  @OnWeixinMessage({ kind: 'image' })
  image(): string {
    return 'Thanks for the picture!';
  }

  @OnWeixinMessage({ kind: 'text', typing: true })
  echo(ctx: WeixinMessageContext): string | undefined {
    if (/^\/(help$|research\b)/i.test(ctx.text.trim())) return undefined;
    const quote = ctx.quote;
    const quoted = quote?.partial?.text ?? quote?.text;
    return quoted === undefined
      ? `You said: ${ctx.text}`
      : `You said: ${ctx.text} (quoting "${quoted}")`;
  }
}
