import { Injectable, Optional } from '@nestjs/common';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import { MediaService } from '../../media/media.service.js';
import type { WeixinMediaSource } from '../../interfaces/media.types.js';
import type { DeliveryRecord, UserLedger } from '../../interfaces/outbound.types.js';
import { WeixinMessageService } from '../../outbound/weixin-message.service.js';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { TypingService } from '../../typing/typing.service.js';
import { WeixinDeliveryNotQueuedError } from '../errors/weixin-delivery-not-queued.error.js';
import { WeixinServiceMissingError } from '../errors/weixin-service-missing.error.js';
import { WeixinUnknownDeliveryError } from '../errors/weixin-unknown-delivery.error.js';

/** What a media send takes. */
export interface AdminMediaSend {
  kind: 'image' | 'video' | 'file' | 'voice';
  source: WeixinMediaSource;
  caption?: string;
  fileName?: string;
  idempotencyKey?: string;
}

/** The sending area of the admin API: texts, media, delivery records, the outbox, ledgers. */
@Injectable()
export class AdminSendsService {
  constructor(
    private readonly accounts: WeixinAccountsService,
    private readonly messageService: WeixinMessageService,
    @Optional() private readonly media?: MediaService,
    @Optional() private readonly typing?: TypingService,
  ) {}

  /** Sends a text; answers its delivery records. */
  async sendText(
    accountId: string,
    userId: string,
    text: string,
    idempotencyKey?: string,
  ): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    return this.messageService.send(accountId, userId, text, { idempotencyKey });
  }

  /** Uploads and sends a media item (caption first); answers the delivery records. */
  async sendMedia(accountId: string, userId: string, m: AdminMediaSend): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    const media = this.media;
    if (!media) throw new WeixinServiceMissingError('MediaService');
    const opts = { caption: m.caption, fileName: m.fileName, idempotencyKey: m.idempotencyKey };
    if (m.kind === 'image') return media.sendImage(accountId, userId, m.source, opts);
    if (m.kind === 'video') return media.sendVideo(accountId, userId, m.source, opts);
    if (m.kind === 'voice') return media.sendVoice(accountId, userId, m.source, opts);
    return media.sendFile(accountId, userId, m.source, opts);
  }

  /** One delivery record; throws (404) when unknown. */
  async getDelivery(deliveryId: string): Promise<DeliveryRecord> {
    const record = await this.messageService.getDelivery(deliveryId);
    if (!record) throw new WeixinUnknownDeliveryError(deliveryId);
    return record;
  }

  /** Queued messages of an account (of one user when given), one page in sending order. */
  async listOutbox(
    accountId: string,
    page: { userId?: string; afterId?: string; limit?: number } = {},
  ): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    return this.messageService.listOutbox({ accountId, ...page });
  }

  /** Cancels a queued message of an account; answers its record. */
  async cancelOutbox(accountId: string, deliveryId: string): Promise<DeliveryRecord> {
    await this.accounts.get(accountId);
    const record = await this.messageService.getDelivery(deliveryId);
    if (!record || record.accountId !== accountId) {
      throw new WeixinUnknownDeliveryError(deliveryId, 'The outbox entry');
    }
    const cancelled = await this.messageService.cancelQueued(deliveryId);
    if (!cancelled) throw new WeixinDeliveryNotQueuedError(deliveryId, record.state);
    return cancelled;
  }

  /** The reply window, quota and typing state of a user. */
  async userLedger(
    accountId: string,
    userId: string,
  ): Promise<{ ledger: UserLedger; typing?: WeixinTypingState }> {
    await this.accounts.get(accountId);
    const ledger = await this.messageService.ledger(accountId, userId);
    return { ledger, typing: this.typing?.state(accountId, userId) };
  }
}
