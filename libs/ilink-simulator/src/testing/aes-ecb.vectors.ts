// Test vectors of the CDN's AES-128-ECB (protocol §12.1), for the simulator's cipher and the
// package's streams alike: both must agree with the protocol, not with each other.

/** The key of the vectors. */
export const AES_ECB_VECTOR_KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** [plaintext, ciphertext as hex] under `AES_ECB_VECTOR_KEY`, PKCS#7 padded. */
export const AES_ECB_VECTORS: [plain: string, cipherHex: string][] = [
  ['hello', '9d86c8612e085e93a235794a708af7a9'],
  ['', '00657ea140655a44782747705d422fad'],
  ['0123456789abcdef', 'aebdd39b144089d5e31cacd35b7a113a00657ea140655a44782747705d422fad'],
];

/** [plaintext bytes, ciphertext bytes]: padding always adds 1 to 16 bytes. */
export const AES_ECB_SIZE_VECTORS: [raw: number, cipher: number][] = [
  [0, 16],
  [1, 16],
  [15, 16],
  [16, 32],
  [17, 32],
  [12345, 12352],
  [24563, 24576],
];
