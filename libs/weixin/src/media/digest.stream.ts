import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SNIFF_BYTES } from './mime-sniffer.js';
import { uploadTooLarge } from './upload-too-large.js';

/** What a {@link DigestStream} saw. */
export interface Digest {
  /** Lowercase hex MD5. */
  md5: string;
  size: number;
  /** The first bytes (up to `SNIFF_BYTES`), for MIME detection. */
  head: Buffer;
}

/**
 * Passes bytes through while computing their MD5, size and first bytes; fails with
 * `WeixinMediaTooLargeError` as soon as more than `maxBytes` pass.
 */
export class DigestStream extends Transform {
  private readonly md5: Hash = createHash('md5');
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;
  private size = 0;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.update(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  /**
   * Adds bytes without passing them on (for a reader that only needs the digest); throws
   * `WeixinMediaTooLargeError` as soon as more than `maxBytes` have been added.
   */
  update(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) throw uploadTooLarge(this.size, this.maxBytes);
    if (this.headBytes < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headBytes);
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    this.md5.update(chunk);
  }

  /** The digest; call once, after the stream has finished. */
  digest(): Digest {
    return { md5: this.md5.digest('hex'), size: this.size, head: Buffer.concat(this.headChunks) };
  }
}
