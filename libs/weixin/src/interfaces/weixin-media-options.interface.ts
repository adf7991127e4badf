/** Media upload and download (`MediaService`). */
export interface WeixinMediaOptions {
  /**
   * Largest outbound media, in plaintext bytes; a larger source is refused before it is read
   * whole (files by size, streams and URLs as soon as the limit is passed).
   * @default 104857600 (100 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Largest inbound media, in plaintext bytes; checked against the announced sizes before the
   * download and against the bytes while streaming (protocol §12.5: the official client's cap).
   * @default 104857600 (100 MiB)
   */
  maxDownloadBytes?: number;
  /**
   * Hosts outbound media URLs may be fetched from (`host`, `host:port`, `*.domain`). URL sources
   * on any other host are refused before a request (no redirects are followed).
   * @default [] (URL sources refused)
   */
  allowedSourceHosts?: string[];
  /**
   * Folder for spooled uploads and downloaded files; spooled files are always removed.
   * @default os.tmpdir()
   */
  tempDir?: string;
  /**
   * Deadline for the response headers of a URL source and for each pause between its chunks.
   * @default 60000
   */
  sourceTimeoutMs?: number;
  /**
   * Decode inbound SILK voice to WAV (24 000 Hz, mono, 16-bit) on download.
   * @default true
   */
  decodeVoice?: boolean;
}
