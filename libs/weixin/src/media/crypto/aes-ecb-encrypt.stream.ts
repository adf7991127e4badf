import { createCipheriv, createHash, type Hash } from 'node:crypto';

/** The cipher object of `createCipheriv` (named `Cipher` or `Cipheriv` by different `@types/node` lines). */
type Cipher = ReturnType<typeof createCipheriv>;
import { Transform, type TransformCallback } from 'node:stream';
import { AES_ECB_ALGORITHM } from './aes-ecb.constants.js';
import { assertAesKey } from './aes-key.js';

/** What an {@link AesEcbEncryptStream} saw, complete once the stream has finished. */
export interface AesEcbEncryptSummary {
  /** Lowercase hex MD5 of the plaintext. */
  plaintextMd5: string;
  /** Plaintext bytes. */
  rawSize: number;
  /** Ciphertext bytes written. */
  cipherSize: number;
}

/**
 * Encrypts plaintext with AES-128-ECB/PKCS#7 (protocol §12.1) and computes on the way the
 * plaintext MD5, the raw size and the ciphertext size. Read them with {@link summary} after
 * `finish`/`end`.
 */
export class AesEcbEncryptStream extends Transform {
  private readonly cipher: Cipher;
  private readonly md5?: Hash;
  private rawBytes = 0;
  private cipherBytes = 0;
  private digest?: string;

  /**
   * @param key the 16-byte AES key
   * @param options `md5: false` skips the plaintext MD5 (when the caller already has it); the
   *   summary's `plaintextMd5` is then empty
   */
  constructor(key: Buffer, options: { md5?: boolean } = {}) {
    super();
    assertAesKey(key);
    this.cipher = createCipheriv(AES_ECB_ALGORITHM, key, null);
    if (options.md5 !== false) this.md5 = createHash('md5');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.md5?.update(chunk);
    this.rawBytes += chunk.length;
    const out = this.cipher.update(chunk);
    this.cipherBytes += out.length;
    callback(null, out.length > 0 ? out : undefined);
  }

  override _flush(callback: TransformCallback): void {
    const out = this.cipher.final();
    this.cipherBytes += out.length;
    this.digest = this.md5?.digest('hex') ?? '';
    callback(null, out);
  }

  /** Sizes and MD5; throws when read before the stream has flushed. */
  get summary(): AesEcbEncryptSummary {
    if (this.digest === undefined) throw new Error('AesEcbEncryptStream has not finished yet');
    return { plaintextMd5: this.digest, rawSize: this.rawBytes, cipherSize: this.cipherBytes };
  }
}
