import { cipherSize, decryptEcb, encryptEcb } from './aes-ecb.js';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

describe('AES-128-ECB (protocol §12.1 vectors)', () => {
  it.each([
    ['hello', '9d86c8612e085e93a235794a708af7a9'],
    ['', '00657ea140655a44782747705d422fad'],
    ['0123456789abcdef', 'aebdd39b144089d5e31cacd35b7a113a00657ea140655a44782747705d422fad'],
  ])('encrypts %j', (plain, cipherHex) => {
    expect(encryptEcb(KEY, Buffer.from(plain)).toString('hex')).toBe(cipherHex);
    expect(decryptEcb(KEY, Buffer.from(cipherHex, 'hex')).toString()).toBe(plain);
  });

  it.each([
    [0, 16],
    [1, 16],
    [15, 16],
    [16, 32],
    [17, 32],
    [12345, 12352],
    [24563, 24576],
  ])('ciphertext size of %d bytes is %d', (raw, size) => {
    expect(cipherSize(raw)).toBe(size);
  });
});
