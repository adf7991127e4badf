import type { Readable } from 'node:stream';
import type { MessageItem, WeixinMessage } from '../protocol/wire.types.js';

/** Answer of `getBotQrcode`. */
export interface BotQrcode {
  /** Opaque QR session id for `getQrcodeStatus` (secret). */
  qrcode: string;
  /** The content to render as the QR code (a URL in practice). */
  qrcodeImgContent: string;
}

/** A message to send; the client fills `from_user_id`, `message_type`, `message_state`. */
export type OutboundMessage = Omit<
  WeixinMessage,
  'from_user_id' | 'message_type' | 'message_state' | 'message_id' | 'seq'
> & {
  /** Recipient user id (`…@im.wechat`). */
  to_user_id: string;
  /** Exactly one item. */
  item_list: MessageItem[];
};

/** Answer of `sendMessage`. */
export interface SendMessageResult {
  /** The server's id of the sent message (exact decimal string), when it answered one. */
  messageId?: string;
  /** The `client_id` the message was sent with. */
  clientId: string;
}

/** Answer of `getConfig`. */
export interface TypingTicket {
  typingTicket: string;
}

/** What `uploadToCdn` sends. */
export interface CdnUploadRequest {
  /** `upload_full_url` of `getuploadurl`; preferred when non-empty. */
  uploadFullUrl?: string;
  /** `upload_param` of `getuploadurl`, used with `filekey` when there is no full URL. */
  uploadParam?: string;
  /** The `filekey` sent to `getuploadurl`. */
  filekey: string;
  /** Opens the ciphertext; called once per attempt so each attempt reads from the start. */
  body: () => Readable | Buffer;
  /** Ciphertext size in bytes (sent as `content-length` for streams). */
  size: number;
}

/** What `downloadFromCdn` fetches. */
export interface CdnDownloadRequest {
  /** `encrypt_query_param` of the media reference. */
  encryptQueryParam?: string;
  /** `full_url` of the media reference; preferred when non-empty. */
  fullUrl?: string;
  /** Largest ciphertext accepted; larger downloads fail with `WeixinMediaTooLargeError`. */
  maxBytes?: number;
}
