import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenCipherError } from './token-cipher.error.js';
import { TokenCipherMessages as M } from './token-cipher.messages.js';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Encrypts secrets at rest (bot tokens, access tokens) with AES-256-GCM.
 *
 * A stored value reads `v1:<keyId>:<base64(iv | tag | ciphertext)>` with a random 12-byte IV and
 * the `v1:<keyId>` prefix as additional authenticated data. New values use the current key;
 * values written under any known key id decrypt, so keys rotate by adding a key, making it
 * current, and re-encrypting.
 */
export class TokenCipher {
  private readonly keys = new Map<string, Buffer>();

  /**
   * @param keys Key id → 32-byte key, as a `Buffer` or a string (64 hex characters or base64).
   * @param currentKeyId The id of the key that encrypts new values.
   * @throws TokenCipherError when a key is not 32 bytes, an id is invalid or the current id is
   *   unknown.
   */
  constructor(
    keys: Record<string, Buffer | string>,
    private readonly currentKeyId: string,
  ) {
    for (const [keyId, raw] of Object.entries(keys)) {
      if (keyId === '' || keyId.includes(':')) {
        throw new TokenCipherError(M.badKeyId(keyId), 'WEIXIN_TOKEN_KEY_INVALID', keyId);
      }
      this.keys.set(keyId, decodeKey(keyId, raw));
    }
    if (!this.keys.has(currentKeyId)) {
      throw new TokenCipherError(
        M.unknownCurrentKey(currentKeyId),
        'WEIXIN_TOKEN_KEY_INVALID',
        currentKeyId,
      );
    }
  }

  /** Encrypts `plain` with the current key. */
  encrypt(plain: string): string {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const prefix = `${VERSION}:${this.currentKeyId}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(prefix, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return `${prefix}:${packed.toString('base64')}`;
  }

  /**
   * Decrypts a value written by {@link encrypt} under any known key id.
   * @throws TokenCipherError `WEIXIN_TOKEN_KEY_UNKNOWN`, `WEIXIN_TOKEN_MALFORMED` or
   *   `WEIXIN_TOKEN_TAMPERED`.
   */
  decrypt(stored: string): string {
    const { keyId, packed } = parse(stored);
    const key = this.keys.get(keyId);
    if (!key) throw new TokenCipherError(M.unknownKey(keyId), 'WEIXIN_TOKEN_KEY_UNKNOWN', keyId);
    if (packed.length < IV_BYTES + TAG_BYTES) {
      throw new TokenCipherError(M.tampered(keyId), 'WEIXIN_TOKEN_TAMPERED', keyId);
    }
    const decipher = createDecipheriv(ALGORITHM, key, packed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`, 'utf8'));
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      throw new TokenCipherError(M.tampered(keyId), 'WEIXIN_TOKEN_TAMPERED', keyId);
    }
  }

  /**
   * The key id a stored value was encrypted with.
   * @throws TokenCipherError `WEIXIN_TOKEN_MALFORMED` when `stored` is not a `TokenCipher` value.
   */
  keyIdOf(stored: string): string {
    return parse(stored).keyId;
  }

  /** Whether a stored value was encrypted with a key other than the current one. */
  needsReencryption(stored: string): boolean {
    return this.keyIdOf(stored) !== this.currentKeyId;
  }
}

function decodeKey(keyId: string, raw: Buffer | string): Buffer {
  let key: Buffer;
  if (Buffer.isBuffer(raw)) {
    key = Buffer.from(raw);
  } else if (HEX_KEY.test(raw)) {
    key = Buffer.from(raw, 'hex');
  } else if (BASE64.test(raw.trim())) {
    key = Buffer.from(raw.trim(), 'base64');
  } else {
    throw new TokenCipherError(M.badKeyEncoding(keyId), 'WEIXIN_TOKEN_KEY_INVALID', keyId);
  }
  if (key.length !== KEY_BYTES) {
    throw new TokenCipherError(
      M.badKeyLength(keyId, key.length),
      'WEIXIN_TOKEN_KEY_INVALID',
      keyId,
    );
  }
  return key;
}

function parse(stored: string): { keyId: string; packed: Buffer } {
  const first = stored.indexOf(':');
  const second = stored.indexOf(':', first + 1);
  if (first < 0 || second < 0 || stored.slice(0, first) !== VERSION) {
    throw new TokenCipherError(M.malformed(), 'WEIXIN_TOKEN_MALFORMED');
  }
  const keyId = stored.slice(first + 1, second);
  const body = stored.slice(second + 1);
  if (keyId === '' || !BASE64.test(body))
    throw new TokenCipherError(M.malformed(), 'WEIXIN_TOKEN_MALFORMED');
  return { keyId, packed: Buffer.from(body, 'base64') };
}
