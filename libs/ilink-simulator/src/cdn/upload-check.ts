import { createDecipheriv, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What the CDN expects the plaintext of one upload to be (from its `getuploadurl` ticket). */
export interface ExpectedPlaintext {
  key: Buffer;
  rawsize: number;
  rawfilemd5: string;
}

/** The CDN's verdict on a stored ciphertext. */
export interface UploadCheck {
  /** Plaintext bytes decrypted (up to the failure, when decryption failed). */
  size: number;
  /** Lowercase hex MD5 of the decrypted plaintext. */
  plaintextMd5: string;
  /** Why the upload cannot be used; absent when it passed. */
  error?: string;
}

function decryptFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/wrong final block length/i.test(text)) return 'ciphertext length is not a multiple of 16';
  if (/bad decrypt/i.test(text)) return 'decryption failed: bad PKCS#7 padding (wrong key?)';
  return `the stored ciphertext could not be read: ${text}`;
}

/**
 * Decrypts the ciphertext stored at `path` as a stream (never whole in memory) and checks the
 * plaintext against the ticket: PKCS#7 padding (the right key), `rawsize` and `rawfilemd5`.
 * Never rejects: every failure is an `error` in the verdict.
 */
export async function checkUpload(path: string, expected: ExpectedPlaintext): Promise<UploadCheck> {
  const md5 = createHash('md5');
  let size = 0;
  const tap = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      size += chunk.length;
      done();
    },
  });
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      createDecipheriv('aes-128-ecb', expected.key, null),
      tap,
    );
  } catch (error) {
    return { size, plaintextMd5: md5.digest('hex'), error: decryptFailure(error) };
  }
  const plaintextMd5 = md5.digest('hex');
  if (size !== expected.rawsize) {
    return {
      size,
      plaintextMd5,
      error: `plaintext size ${size} differs from rawsize ${expected.rawsize}`,
    };
  }
  if (plaintextMd5 !== expected.rawfilemd5) {
    return {
      size,
      plaintextMd5,
      error: `plaintext md5 ${plaintextMd5} differs from rawfilemd5 ${expected.rawfilemd5}`,
    };
  }
  return { size, plaintextMd5 };
}
