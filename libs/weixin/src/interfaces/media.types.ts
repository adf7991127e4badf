import type { Readable } from 'node:stream';

/**
 * Where outbound media comes from:
 * - a `Buffer` / `Uint8Array` (already in memory);
 * - a file path (a string that is not an http(s) URL, or `{ path }`);
 * - an http(s) URL (a string, a `URL` or `{ url }`), fetched only from
 *   `WeixinMediaOptions.allowedSourceHosts`;
 * - a `Readable` (or `{ stream }`) of unknown length, spooled to a temporary file first.
 */
export type WeixinMediaSource =
  | Buffer
  | Uint8Array
  | Readable
  | string
  | URL
  | { path: string }
  | { url: string | URL }
  | { stream: Readable };

/**
 * Kind of an outbound media item. `voice` is a native voice message (SILK, `sendVoice()`); other
 * audio goes out as a file.
 */
export type WeixinOutboundMediaKind = 'image' | 'video' | 'file' | 'voice';

/** Kind of an inbound media item. */
export type WeixinInboundMediaKind = 'image' | 'video' | 'file' | 'voice';

/** Options of `MediaService.upload()`. */
export interface WeixinUploadOptions {
  /**
   * The item kind, overriding the routing by MIME type (protocol §10.2).
   * @default from the MIME type: `video/*` → video, `image/*` → image, else file
   */
  kind?: Exclude<WeixinOutboundMediaKind, 'voice'>;
  /**
   * The MIME type, overriding detection.
   * @default detected from the first bytes
   */
  mime?: string;
  /**
   * `file_item.file_name` of a file item.
   * @default the source's base name, else `file` with an extension of its MIME type
   */
  fileName?: string;
  /**
   * Largest plaintext accepted, in bytes.
   * @default `WeixinMediaOptions.maxUploadBytes`
   */
  maxBytes?: number;
  /** Aborts the upload. */
  signal?: AbortSignal;
}

/** Options of `MediaService.sendImage()`, `sendVideo()` and `sendFile()`. */
export interface WeixinSendMediaOptions {
  /** Text sent as its own message before the media (protocol §10.3). */
  caption?: string;
  /**
   * `file_item.file_name` (files only).
   * @default the source's base name, else `file` with an extension of its MIME type
   */
  fileName?: string;
  /** Makes the send idempotent (see `WeixinMessageService.send`). */
  idempotencyKey?: string;
  /** Aborts the upload. */
  signal?: AbortSignal;
}

/** Options of `MediaService.sendVoice()`. */
export interface WeixinSendVoiceOptions {
  /** Text sent as its own message before the voice. */
  caption?: string;
  /**
   * The sample rate (Hz) of raw PCM input (16-bit little-endian mono); not needed for WAV or SILK.
   */
  sampleRate?: number;
  /**
   * When the server refuses the native voice message (`ret -2`), send the audio as a WAV file
   * instead. The voice's record ends `rejected` with cause `voice-refused`; the file's record
   * follows it. A voice the server accepts but drops silently cannot be detected.
   * @default true
   */
  fallbackToFile?: boolean;
  /**
   * `file_item.file_name` of the fallback file.
   * @default 'voice.wav'
   */
  fileName?: string;
  /**
   * Makes the send idempotent (see `WeixinMessageService.send`); the fallback file is sent under
   * `<key>:file`.
   */
  idempotencyKey?: string;
  /** Aborts the upload. */
  signal?: AbortSignal;
}

/** Options of `MediaService.download()` and `WeixinMessageContext.download()`. */
export interface WeixinDownloadOptions {
  /**
   * What the media comes back as: a `Readable`, a `Buffer`, or a file (`path`).
   * @default 'buffer'
   */
  as?: 'stream' | 'buffer' | 'file';
  /**
   * The file to write with `as: 'file'` (overwritten).
   * @default a new file in `WeixinMediaOptions.tempDir`; the caller removes it
   */
  path?: string;
  /**
   * Download the thumbnail (`thumb_media`) of an image or video instead of the media.
   * @default false
   */
  thumbnail?: boolean;
  /**
   * Largest plaintext accepted, in bytes; checked against the announced sizes before reading and
   * against the bytes while streaming.
   * @default `WeixinMediaOptions.maxDownloadBytes`
   */
  maxBytes?: number;
  /**
   * Decode SILK voice to WAV (24 000 Hz, mono, 16-bit); the raw SILK is kept when decoding fails.
   * @default `WeixinMediaOptions.decodeVoice`
   */
  decodeVoice?: boolean;
  /** Aborts the download. */
  signal?: AbortSignal;
}

/** What every download answers besides the bytes. */
export interface WeixinMediaInfo {
  /** The kind of the item downloaded. */
  kind: WeixinInboundMediaKind;
  /** MIME type detected from the bytes (`audio/wav` for decoded voice, `audio/silk` for raw). */
  mime: string;
  /** Plaintext size in bytes, when known (always for buffers and files). */
  size?: number;
  /** `file_item.file_name` of a file. */
  fileName?: string;
  /** The server's speech-to-text transcript of a voice message (`voice_item.text`). */
  transcript?: string;
  /** Whether this is the thumbnail. */
  thumbnail: boolean;
}

/** A download as a stream; read it to the end or destroy it. */
export interface WeixinMediaStream extends WeixinMediaInfo {
  as: 'stream';
  stream: Readable;
}

/** A download in memory. */
export interface WeixinMediaBuffer extends WeixinMediaInfo {
  as: 'buffer';
  buffer: Buffer;
  size: number;
}

/** A download written to a file. */
export interface WeixinMediaFile extends WeixinMediaInfo {
  as: 'file';
  path: string;
  size: number;
}

/** Any download result. */
export type WeixinDownloadedMedia = WeixinMediaStream | WeixinMediaBuffer | WeixinMediaFile;

/** The result type of a download answered as `A` (`as` option). */
export type WeixinDownloadResultAs<A> = [A] extends ['stream']
  ? WeixinMediaStream
  : [A] extends ['file']
    ? WeixinMediaFile
    : [A] extends ['buffer' | undefined]
      ? WeixinMediaBuffer
      : WeixinDownloadedMedia;

/** The result type of a download with options `O`. */
export type WeixinDownloadResult<O extends WeixinDownloadOptions | undefined> = [O] extends [
  undefined,
]
  ? WeixinMediaBuffer
  : WeixinDownloadResultAs<'as' extends keyof O ? NonNullable<O>['as'] : undefined>;
