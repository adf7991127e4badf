import { AES_BLOCK_BYTES } from './aes-ecb.constants.js';

/**
 * Ciphertext size of `rawSize` plaintext bytes under AES-128-ECB/PKCS#7 (protocol §12.1): the next
 * multiple of 16 above `rawSize` (a full padding block when it is already a multiple).
 */
export function cipherSize(rawSize: number): number {
  if (!Number.isSafeInteger(rawSize) || rawSize < 0) {
    throw new RangeError(`rawSize must be a non-negative safe integer, got ${rawSize}`);
  }
  return (Math.floor(rawSize / AES_BLOCK_BYTES) + 1) * AES_BLOCK_BYTES;
}
