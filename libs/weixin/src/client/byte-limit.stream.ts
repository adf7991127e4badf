import { Transform, type TransformCallback } from 'node:stream';
import { WeixinMediaTooLargeError } from './errors/weixin-media-too-large.error.js';

/** Passes bytes through and fails with `WeixinMediaTooLargeError` once more than `maxBytes` pass. */
export class ByteLimitStream extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      callback(new WeixinMediaTooLargeError(this.seen, this.maxBytes));
      return;
    }
    callback(null, chunk);
  }
}
