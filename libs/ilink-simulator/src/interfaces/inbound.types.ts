/** How an inbound media item carries its AES key (protocol §12.2). */
export type SimKeyFormat =
  /** `image_item.aeskey` as 32 hex chars (images only) plus `media.aes_key` base64 of raw. */
  | 'image-hex'
  /** `media.aes_key` = base64 of the raw 16 bytes ("format A"). */
  | 'base64-raw'
  /** `media.aes_key` = base64 of the 32 hex chars ("format B"). */
  | 'base64-hex'
  /** no key at all: plain bytes on the CDN (images only). */
  | 'none';

/**
 * A quote attached to an injected message (`ref_msg`, protocol §9.6). Without `text` and `full`
 * it is id-only (`svr_id` and `title` at most), as newer WeChat clients send.
 */
export interface SimQuote {
  /** `svr_id` of the quoted message (e.g. an id the bot got back from `sendmessage`). */
  svrId?: string;
  title?: string;
  /** Quoted text, carried as `ref_msg.message_item.text_item`. Omit for an id-only quote. */
  text?: string;
  /**
   * Carry the quoted message's own item (text or media, with its CDN reference) as
   * `ref_msg.message_item`, looked up by `svrId` among the bot's inbound and accepted sent
   * messages; `title` defaults to its text. Throws when `svrId` is unknown.
   */
  full?: boolean;
  /**
   * Quote only part of the quoted text (`ref_msg.partial_text`): the UTF-16 offsets `from`
   * (inclusive) to `to` (exclusive) in the quoted text (`text`, or the quoted message's with
   * `full`, or the stored message's). The simulator writes `start`/`end` snippets (up to 8
   * characters), `startindex`, `endindex` (counted over the whole text, or with `endIndexFrom:
   * 'start'` from just after the start snippet — both were observed) and `quotemd5` (omitted
   * with `md5: false`).
   */
  partial?: { from: number; to: number; endIndexFrom?: 'text' | 'start'; md5?: boolean };
}

/** Common options of an injected inbound message. */
export interface SimInboundOptions {
  /** Explicit `message_id`; default: a fresh uint64 above 2^53. */
  messageId?: string;
  /** `create_time_ms`; default: the simulator clock. */
  createTimeMs?: number;
  quote?: SimQuote;
  /** `group_id` of the message (no source shows one on the live server, protocol §9.9). */
  groupId?: string;
  /**
   * `message_type`: 1 (USER, the default) or 2 (BOT: the server echoing a message of the bot,
   * protocol §8.7), to check that echoes never reach handlers.
   */
  messageType?: 1 | 2;
}

/** Options of an injected media message (image, file, voice, video). */
export interface SimMediaOptions extends SimInboundOptions {
  fileName?: string;
  keyFormat?: SimKeyFormat;
  /** `voice_item.text` (server transcript) for voice. */
  transcript?: string;
  /** Put `full_url` on the CDN media (default true). A string overrides the URL verbatim. */
  fullUrl?: boolean | string;
}

/** What the simulator did with an injected message. */
export interface SimInjected {
  messageId: string;
  contextToken: string;
  seq: number;
}
