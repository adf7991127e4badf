import { randomBytes } from 'node:crypto';
import { AES_BLOCK_BYTES } from './aes-ecb.constants.js';
import { CryptoMessages } from './crypto.messages.js';
import { WeixinAesKeyError } from './weixin-aes-key.error.js';

const HEX_KEY = /^[0-9a-fA-F]{32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A fresh random AES-128 key. */
export function createAesKey(): Buffer {
  return randomBytes(AES_BLOCK_BYTES);
}

/** Throws `WeixinAesKeyError` unless `key` is 16 bytes. */
export function assertAesKey(key: Buffer): void {
  if (key.length !== AES_BLOCK_BYTES) {
    throw new WeixinAesKeyError(CryptoMessages.invalidKeyLength(key.length));
  }
}

/** The key as 32 lowercase hex characters: the `aeskey` of `getuploadurl` (protocol §12.2). */
export function aesKeyToHex(key: Buffer): string {
  assertAesKey(key);
  return key.toString('hex');
}

/**
 * The outbound `CDNMedia.aes_key`: base64 of the ASCII bytes of the 32-char hex key, for every
 * media kind (protocol §12.2, §16.18).
 */
export function encodeOutboundAesKey(key: Buffer): string {
  return Buffer.from(aesKeyToHex(key), 'ascii').toString('base64');
}

/**
 * Reads an inbound AES key in any of its three encodings (protocol §12.2, §16.20): bare 32 hex
 * characters (`image_item.aeskey`), base64 of the raw 16 bytes, or base64 of the 32 hex characters.
 *
 * @throws WeixinAesKeyError when the string is none of them.
 */
export function parseAesKey(value: string): Buffer {
  const text = value.trim();
  if (HEX_KEY.test(text)) return Buffer.from(text, 'hex');
  if (BASE64.test(text) && text.length % 4 === 0) {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length === AES_BLOCK_BYTES) return decoded;
    const ascii = decoded.toString('ascii');
    if (decoded.length === 2 * AES_BLOCK_BYTES && HEX_KEY.test(ascii)) {
      return Buffer.from(ascii, 'hex');
    }
  }
  throw new WeixinAesKeyError(CryptoMessages.unparsableKey(text.length));
}
