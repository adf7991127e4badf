import { WeixinError } from '../errors/weixin.error.js';
import { IlinkHttpStatusError } from '../client/errors/ilink-http-status.error.js';
import type { DeliveryRecord } from '../interfaces/outbound.types.js';
import { MediaMessages } from './media.messages.js';

/** Where an upload failed. */
export type WeixinUploadStage = 'getuploadurl' | 'cdn-upload';

/**
 * `getuploadurl` or the CDN upload failed (after the client's retries: 3 attempts on 5xx, none on
 * 4xx). `cause` holds the client error. `code`: `WEIXIN_MEDIA_UPLOAD`.
 */
export class WeixinMediaUploadError extends WeixinError {
  /** The step that failed. */
  readonly stage: WeixinUploadStage;
  /** HTTP status of the last attempt, when the server answered one. */
  readonly status?: number;
  /** The `rejected` delivery record of a failed `sendImage/sendVideo/sendFile`, when recorded. */
  delivery?: DeliveryRecord;

  constructor(stage: WeixinUploadStage, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(MediaMessages.uploadFailed(stage, reason), 'WEIXIN_MEDIA_UPLOAD', { cause });
    this.stage = stage;
    if (cause instanceof IlinkHttpStatusError) this.status = cause.status;
  }
}
