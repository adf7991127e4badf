/** Texts of token-encryption errors: each names the key id and the fix, never a secret. */
export const TokenCipherMessages = {
  badKeyLength: (keyId: string, length: number) =>
    `encryption.keys["${keyId}"] is ${length} bytes long, but AES-256-GCM needs exactly 32 bytes: ` +
    'give 32 random bytes as base64 (openssl rand -base64 32) or as 64 hex characters',
  badKeyEncoding: (keyId: string) =>
    `encryption.keys["${keyId}"] is neither 64 hex characters nor base64: ` +
    'give 32 random bytes as base64 (openssl rand -base64 32) or as 64 hex characters',
  badKeyId: (keyId: string) =>
    `encryption key id "${keyId}" is invalid: use a non-empty id without ":" (e.g. "k1")`,
  unknownCurrentKey: (keyId: string) =>
    `encryption.currentKeyId "${keyId}" is not a key of encryption.keys: add it or choose an existing id`,
  unknownKey: (keyId: string) =>
    `A stored token was encrypted with key id "${keyId}", which is not in encryption.keys: ` +
    `add that key under the id "${keyId}" (keep retired keys until every token is re-encrypted)`,
  malformed: () =>
    'A stored token is not in the "v1:<keyId>:<base64>" form written by TokenCipher: ' +
    'the column was edited by hand or holds a plaintext token; store the account again',
  tampered: (keyId: string) =>
    `A stored token (key id "${keyId}") failed authentication: the value was altered, or the key ` +
    `under id "${keyId}" is not the one that encrypted it`,
};
