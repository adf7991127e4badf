import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/** Ciphertext size of `rawsize` plaintext bytes under AES-128-ECB/PKCS#7 (protocol §12.1). */
export function cipherSize(rawsize: number): number {
  return Math.ceil((rawsize + 1) / 16) * 16;
}

/** AES-128-ECB/PKCS#7 encryption of a whole buffer. */
export function encryptEcb(key: Buffer, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** AES-128-ECB/PKCS#7 decryption of a whole buffer (throws on bad padding). */
export function decryptEcb(key: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Lowercase hex MD5. */
export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
