import type { DeliveryRecord } from '../interfaces/outbound.types.js';
import type { WeixinOutboundMediaKind } from '../interfaces/media.types.js';
import type { MediaSendPort } from './media-send.port.js';
import { WeixinMediaUploadError } from './weixin-media-upload.error.js';

/** Voice sends record only failed uploads (audio that cannot be encoded sends nothing). */
export const isUploadFailure = (error: unknown): boolean => error instanceof WeixinMediaUploadError;

/** Image, video and file sends record every failure before the send. */
export const anyFailure = (): boolean => true;

/**
 * The records of an earlier send under `idempotencyKey` (none without a key, or when the send
 * service cannot look keys up).
 */
export async function earlierRecords(
  sender: MediaSendPort,
  accountId: string,
  idempotencyKey: string | undefined,
): Promise<DeliveryRecord[]> {
  if (!idempotencyKey || !sender.findByIdempotencyKey) return [];
  return sender.findByIdempotencyKey(accountId, idempotencyKey);
}

/**
 * Runs an upload; a failure that `recorded` accepts is recorded through `sender` as a `rejected`
 * delivery (and attached to a `WeixinMediaUploadError`), then every failure is rethrown.
 */
export async function recordingFailure<T>(
  sender: MediaSendPort,
  accountId: string,
  userId: string,
  kind: WeixinOutboundMediaKind,
  options: { caption?: string; idempotencyKey?: string },
  recorded: (error: unknown) => boolean,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (sender.recordFailure && recorded(error)) {
      const record = await sender.recordFailure(accountId, userId, {
        kind,
        caption: options.caption,
        idempotencyKey: options.idempotencyKey,
        reason: error instanceof Error ? error.message : String(error),
      });
      if (error instanceof WeixinMediaUploadError) error.delivery = record;
    }
    throw error;
  }
}
