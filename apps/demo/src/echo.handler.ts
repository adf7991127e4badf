import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

/** The demo bot: answers `/help`, pictures, and echoes everything else. */
@Injectable()
export class EchoHandler {
  @OnWeixinMessage({ text: /^\/help$/i })
  help(): string {
    return 'I am the nestjs-weixin demo bot. Send me any text and I will echo it.';
  }

  @OnWeixinMessage({ kind: 'image' })
  image(): string {
    return 'Thanks for the picture!';
  }

  @OnWeixinMessage({ kind: 'text', typing: true })
  echo(ctx: WeixinMessageContext): string | undefined {
    if (/^\/help$/i.test(ctx.text.trim())) return undefined;
    return `You said: ${ctx.text}`;
  }
}
