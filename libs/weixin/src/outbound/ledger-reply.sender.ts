import { Injectable, Logger } from '@nestjs/common';
import type {
  WeixinMessageContext,
  WeixinProgressSender,
  WeixinReplySender,
} from '../handlers/weixin-message.context.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { mediaReplyUpload } from '../media/media-reply.js';
import { MediaService } from '../media/media.service.js';
import type { DeliveryRecord, ProgressStep } from '../interfaces/outbound.types.js';
import { replyContent } from './reply-content.mapper.js';
import { WeixinMessageService } from './weixin-message.service.js';
import { replyKey } from './ledger/reply.outbox.js';

/**
 * Sends replies to an inbox message at once through `WeixinMessageService` (ledger, splitting,
 * outbox): the replies a handler makes after its run ended (the replies of the run itself go
 * through `ReplyOutbox`). The n-th reply gets the idempotency key `inbox:<inboxId>:<n>`, so it is
 * never sent twice. Media replies are
 * uploaded through `MediaService` for the sender and go out after their caption.
 */
@Injectable()
export class LedgerReplySender implements WeixinReplySender, WeixinProgressSender {
  private readonly logger = new Logger(LedgerReplySender.name);
  private readonly counts = new WeakMap<WeixinMessageContext, number>();

  constructor(
    private readonly messages: WeixinMessageService,
    private readonly media: MediaService,
  ) {}

  async send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void> {
    const n = (this.counts.get(ctx) ?? 0) + 1;
    this.counts.set(ctx, n);
    await this.sendNumbered(ctx, content, n);
  }

  /**
   * Sends `step` now as the `n`-th progress item (1-based) of the message of `ctx`, with the
   * idempotency key `inbox:<inboxId>:progress:<n>` (a later run of the message answers the
   * record of the first instead of sending the item again).
   */
  sendProgress(ctx: WeixinMessageContext, step: ProgressStep, n: number): Promise<DeliveryRecord> {
    return this.messages.sendProgress(ctx.accountId, ctx.from, step, {
      idempotencyKey: `inbox:${ctx.inboxId}:progress:${n}`,
    });
  }

  /** Sends `content` as the `n`-th reply (1-based) to the message of `ctx`. */
  async sendNumbered(ctx: WeixinMessageContext, content: WeixinReply, n: number): Promise<void> {
    const idempotencyKey = replyKey(ctx.inboxId, n);
    // A replayed media reply that was already recorded is not uploaded again.
    if (mediaReplyUpload(content)) {
      const earlier = await this.messages.findByIdempotencyKey(ctx.accountId, idempotencyKey);
      if (earlier.length > 0) return;
    }
    const records = await this.messages.send(
      ctx.accountId,
      ctx.from,
      await replyContent(this.media, ctx.accountId, ctx.from, content),
      { idempotencyKey },
    );
    for (const r of records) {
      if (r.state === 'rejected' || r.state === 'unknown') {
        this.logger.warn(`reply ${r.id} to inbox row ${ctx.inboxId} is ${r.state}: ${r.reason}`);
      }
    }
  }
}
