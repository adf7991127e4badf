import { cipherSize, decryptEcb, encryptEcb } from './aes-ecb.js';
import {
  AES_ECB_SIZE_VECTORS,
  AES_ECB_VECTORS,
  AES_ECB_VECTOR_KEY as KEY,
} from '../testing/aes-ecb.vectors.js';

describe('AES-128-ECB (protocol §12.1 vectors)', () => {
  it.each(AES_ECB_VECTORS)('encrypts %j', (plain, cipherHex) => {
    expect(encryptEcb(KEY, Buffer.from(plain)).toString('hex')).toBe(cipherHex);
    expect(decryptEcb(KEY, Buffer.from(cipherHex, 'hex')).toString()).toBe(plain);
  });

  it.each(AES_ECB_SIZE_VECTORS)('ciphertext size of %d bytes is %d', (raw, size) => {
    expect(cipherSize(raw)).toBe(size);
  });
});
