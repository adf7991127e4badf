import type { DeliveryRecord, OutboundContent, SendOptions } from '../interfaces/outbound.types.js';
import type { WeixinOutboundMediaKind } from '../interfaces/media.types.js';

/** Injection token of the send service `MediaService` delivers prepared media through. */
export const MEDIA_SENDER = Symbol('WEIXIN_MEDIA_SENDER');

/** A media send that failed before a message could be sent (the upload failed). */
export interface FailedMediaSend {
  kind: WeixinOutboundMediaKind;
  /** The caption that was to go first; it is not sent either. */
  caption?: string;
  /**
   * The key of the failed send. The failure record does not hold it, so a retry with the same key
   * uploads and sends again.
   */
  idempotencyKey?: string;
  /** Why, in words (no secrets). */
  reason: string;
}

/**
 * What `MediaService` needs of the outbound send service (`WeixinMessageService`): `send()`, and
 * optionally a way to record a failed send as a `rejected` delivery and to find the records of an
 * idempotency key (so a retried send does not upload again).
 */
export interface MediaSendPort {
  send(
    accountId: string,
    userId: string,
    content: OutboundContent,
    options?: SendOptions,
  ): Promise<DeliveryRecord[]>;
  recordFailure?(
    accountId: string,
    userId: string,
    failure: FailedMediaSend,
  ): Promise<DeliveryRecord>;
  findByIdempotencyKey?(accountId: string, idempotencyKey: string): Promise<DeliveryRecord[]>;
}
