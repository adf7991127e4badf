import { Injectable } from '@nestjs/common';
import {
  MediaService,
  OnWeixinMessage,
  TypingService,
  WeixinMessageService,
  type WeixinMessageContext,
} from 'nestjs-weixin';

@Injectable()
export class ReportBot {
  constructor(
    private readonly messages: WeixinMessageService,
    private readonly typing: TypingService,
    private readonly media: MediaService,
  ) {}

  @OnWeixinMessage({ text: /^\/report$/i })
  async report(ctx: WeixinMessageContext) {
    // "typing…" on the user's phone while the chart is drawn; it always stops.
    const chart = await this.typing.withTyping(ctx.accountId, ctx.from, () => drawChart());
    // An image with its caption (sent first, as its own text); one delivery record per message.
    await this.media.sendImage(ctx.accountId, ctx.from, chart, { caption: 'This week' });
    // Any time within the user's window; long texts are split to fit, Markdown adapted to WeChat.
    const [record] = await this.messages.send(
      ctx.accountId,
      ctx.from,
      '**Done.** Ask again any time.',
      {
        idempotencyKey: `report-${ctx.messageId}`,
      },
    );
    // 'accepted' (with the server's id), 'queued' (outbox), 'rejected', 'unknown', ...
    return record?.state === 'accepted' ? undefined : 'The report is on its way.';
  }
}

/** A tiny PNG standing in for a real chart. */
async function drawChart(): Promise<Buffer> {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGNQaHiAFTEMLQkAUvNgAXmMo0oAAAAASUVORK5CYII=',
    'base64',
  );
}
