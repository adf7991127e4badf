/**
 * One upload the CDN stored, with the verdict of its plaintext check (the CDN answers the POST
 * once the ciphertext is stored, then decrypts and checks it; `uploads()` waits for the verdict).
 */
export interface SimUpload {
  filekey: string;
  toUserId: string;
  mediaType: number;
  rawsize: number;
  rawfilemd5: string;
  /** Plaintext size and MD5 as decrypted by the CDN (bytes: `readUpload`). */
  size: number;
  plaintextMd5: string;
  /** `passed`: decrypts to `rawsize` bytes with `rawfilemd5`; `failed`: `sendmessage` refuses it. */
  check: 'passed' | 'failed';
  /** Why the check failed. */
  error?: string;
  /** The `x-encrypted-param` answered (the download parameter). */
  encryptedParam: string;
}
