import type { WeixinMediaSource } from './media.types.js';
import type { OutboundQuote } from './outbound.types.js';

/** A text reply. */
export interface WeixinTextReply {
  /** The text to send; long texts are split by the send pipeline. */
  text: string;
  /**
   * Quote a message: `true` for the message being answered, or the server id (and text) of
   * another. Sent as `ref_msg` on the first part; no source shows the live server's answer to an
   * outbound quote (see `OutboundQuote`).
   */
  quote?: true | OutboundQuote;
}

/** An image reply: uploaded for the sender and sent after its caption. */
export interface WeixinImageReply {
  /** A Buffer, file path, Readable or URL (see `WeixinMediaSource`). */
  image: WeixinMediaSource;
  /** Text sent as its own message before the image. */
  caption?: string;
}

/** A video reply: uploaded for the sender and sent after its caption. */
export interface WeixinVideoReply {
  /** A Buffer, file path, Readable or URL (see `WeixinMediaSource`). */
  video: WeixinMediaSource;
  /** Text sent as its own message before the video. */
  caption?: string;
}

/**
 * A native voice reply: the audio (WAV, raw 16-bit mono PCM with `sampleRate`, or SILK) is
 * encoded as SILK, uploaded for the sender and sent after its caption. When the server refuses
 * native voice the record ends `rejected` with cause `voice-refused` (no file fallback on this
 * path: call `MediaService.sendVoice()` from the handler for one).
 */
export interface WeixinVoiceReply {
  /** A Buffer, file path, Readable or URL (see `WeixinMediaSource`). */
  voice: WeixinMediaSource;
  /** The sample rate (Hz) of raw PCM; not needed for WAV or SILK. */
  sampleRate?: number;
  /** Text sent as its own message before the voice. */
  caption?: string;
}

/** A file reply (any format): uploaded and sent after its caption. */
export interface WeixinFileReply {
  /** A Buffer, file path, Readable or URL (see `WeixinMediaSource`). */
  file: WeixinMediaSource;
  /**
   * The name the user sees.
   * @default the source's base name, else `file` with an extension of its MIME type
   */
  fileName?: string;
  /** Text sent as its own message before the file. */
  caption?: string;
}

/** A media reply. */
export type WeixinMediaReply =
  WeixinImageReply | WeixinVideoReply | WeixinFileReply | WeixinVoiceReply;

/**
 * What a handler can send back: a string (shorthand for a text reply) or a reply object.
 * Handlers return one reply, an array of replies, or nothing; `ctx.reply()` takes one reply.
 */
export type WeixinReply = string | WeixinTextReply | WeixinMediaReply;
