import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

@Injectable()
export class EchoBot {
  @OnWeixinMessage({ text: /^\/help$/i })
  help() {
    return 'Send me anything and I will say it back.';
  }

  // Every text except commands: `/help` gets one answer, from `help()` above.
  @OnWeixinMessage({ kind: 'text', text: /^(?!\/)/ })
  echo(ctx: WeixinMessageContext) {
    return `You said: ${ctx.text}`;
  }
}
