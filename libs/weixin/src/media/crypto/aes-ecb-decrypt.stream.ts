import { createDecipheriv } from 'node:crypto';

/** The decipher object of `createDecipheriv` (named `Decipher` or `Decipheriv` by different `@types/node` lines). */
type Decipher = ReturnType<typeof createDecipheriv>;
import { Transform, type TransformCallback } from 'node:stream';
import { AES_ECB_ALGORITHM } from './aes-ecb.constants.js';
import { assertAesKey } from './aes-key.js';
import { WeixinDecryptError } from './weixin-decrypt.error.js';

/**
 * Decrypts AES-128-ECB/PKCS#7 ciphertext (protocol §12.1). Bad padding or a length that is not a
 * multiple of 16 fails the stream with `WeixinDecryptError`.
 */
export class AesEcbDecryptStream extends Transform {
  private readonly decipher: Decipher;

  constructor(key: Buffer) {
    super();
    assertAesKey(key);
    this.decipher = createDecipheriv(AES_ECB_ALGORITHM, key, null);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const out = this.decipher.update(chunk);
    callback(null, out.length > 0 ? out : undefined);
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decipher.final());
    } catch (error) {
      callback(new WeixinDecryptError(error));
    }
  }
}
