/** Every message text of the media crypto errors. Key material never appears in them. */
export const CryptoMessages = {
  invalidKeyLength: (length: number): string =>
    `An AES-128 key is 16 bytes, got ${length}; generate it with createAesKey()`,
  unparsableKey: (length: number): string =>
    `Cannot read the AES key (${length} characters): expected 32 hex characters, base64 of 16 raw ` +
    'bytes, or base64 of 32 hex characters (protocol §12.2)',
  decryptFailed: (): string =>
    'AES-128-ECB decryption failed (bad PKCS#7 padding or truncated ciphertext): the key is ' +
    'usually decoded with the wrong encoding (protocol §12.2)',
} as const;
