import { randomBytes } from 'node:crypto';
import { TokenCipher } from './token-cipher.js';
import { TokenCipherError } from './token-cipher.error.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const SECRET = 'bot-token-7f3a@secret';

function caught(fn: () => unknown): TokenCipherError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TokenCipherError) return e;
    throw e;
  }
  throw new Error('expected a TokenCipherError');
}

describe('TokenCipher', () => {
  it('round-trips and writes the v1:<keyId>:<base64> form without the plaintext', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    const stored = cipher.encrypt(SECRET);
    expect(stored).toMatch(/^v1:k1:[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(SECRET);
    expect(Buffer.from(stored.split(':')[2]!, 'base64').length).toBe(12 + 16 + SECRET.length);
    expect(cipher.decrypt(stored)).toBe(SECRET);
    expect(cipher.keyIdOf(stored)).toBe('k1');
  });

  it('uses a fresh IV for every value', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    expect(cipher.encrypt(SECRET)).not.toBe(cipher.encrypt(SECRET));
  });

  it('round-trips empty and non-ASCII text', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('令牌🔑'))).toBe('令牌🔑');
  });

  it('accepts keys as base64 and as 64 hex characters', () => {
    const fromB64 = new TokenCipher({ k1: k1.toString('base64') }, 'k1');
    const fromHex = new TokenCipher({ k1: k1.toString('hex') }, 'k1');
    expect(fromHex.decrypt(fromB64.encrypt(SECRET))).toBe(SECRET);
  });

  it('rotates: decrypts with a retired key, encrypts with the current one', () => {
    const old = new TokenCipher({ k1 }, 'k1');
    const storedOld = old.encrypt(SECRET);
    const rotated = new TokenCipher({ k1, k2 }, 'k2');
    expect(rotated.decrypt(storedOld)).toBe(SECRET);
    expect(rotated.needsReencryption(storedOld)).toBe(true);
    const storedNew = rotated.encrypt(rotated.decrypt(storedOld));
    expect(rotated.keyIdOf(storedNew)).toBe('k2');
    expect(rotated.needsReencryption(storedNew)).toBe(false);
    expect(new TokenCipher({ k2 }, 'k2').decrypt(storedNew)).toBe(SECRET);
  });

  it('names the unknown key id and the option to set', () => {
    const stored = new TokenCipher({ k1 }, 'k1').encrypt(SECRET);
    const err = caught(() => new TokenCipher({ k2 }, 'k2').decrypt(stored));
    expect(err.code).toBe('WEIXIN_TOKEN_KEY_UNKNOWN');
    expect(err.keyId).toBe('k1');
    expect(err.message).toContain('"k1"');
    expect(err.message).toContain('encryption.keys');
    expect(err.message).not.toContain(SECRET);
  });

  it('detects a flipped ciphertext bit', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    const stored = cipher.encrypt(SECRET);
    const packed = Buffer.from(stored.slice('v1:k1:'.length), 'base64');
    packed[packed.length - 1]! ^= 0x01;
    const err = caught(() => cipher.decrypt(`v1:k1:${packed.toString('base64')}`));
    expect(err.code).toBe('WEIXIN_TOKEN_TAMPERED');
    expect(err.message).toContain('altered');
    expect(err.message).not.toContain(SECRET);
  });

  it('detects a changed tag and a truncated value', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    const packed = Buffer.from(cipher.encrypt(SECRET).slice('v1:k1:'.length), 'base64');
    const badTag = Buffer.from(packed);
    badTag[12]! ^= 0x80;
    expect(caught(() => cipher.decrypt(`v1:k1:${badTag.toString('base64')}`)).code).toBe(
      'WEIXIN_TOKEN_TAMPERED',
    );
    expect(
      caught(() => cipher.decrypt(`v1:k1:${packed.subarray(0, 20).toString('base64')}`)).code,
    ).toBe('WEIXIN_TOKEN_TAMPERED');
  });

  it('detects a value moved under another key id (the prefix is authenticated)', () => {
    const cipher = new TokenCipher({ k1, k2: k1 }, 'k1');
    const stored = cipher.encrypt(SECRET);
    expect(caught(() => cipher.decrypt(stored.replace('v1:k1:', 'v1:k2:'))).code).toBe(
      'WEIXIN_TOKEN_TAMPERED',
    );
  });

  it('detects a value decrypted with a different key under the same id', () => {
    const stored = new TokenCipher({ k1 }, 'k1').encrypt(SECRET);
    expect(caught(() => new TokenCipher({ k1: k2 }, 'k1').decrypt(stored)).code).toBe(
      'WEIXIN_TOKEN_TAMPERED',
    );
  });

  it('rejects values it did not write', () => {
    const cipher = new TokenCipher({ k1 }, 'k1');
    for (const value of [SECRET, 'v2:k1:AAAA', 'v1::AAAA', 'v1:k1:not base64!']) {
      const err = caught(() => cipher.decrypt(value));
      expect(err.code).toBe('WEIXIN_TOKEN_MALFORMED');
      expect(err.message).not.toContain(SECRET);
    }
  });

  it('validates keys at construction and names the key id', () => {
    const short = caught(() => new TokenCipher({ main: randomBytes(16) }, 'main'));
    expect(short.code).toBe('WEIXIN_TOKEN_KEY_INVALID');
    expect(short.message).toContain('encryption.keys["main"]');
    expect(short.message).toContain('16 bytes');
    const b64Short = caught(
      () => new TokenCipher({ k1: randomBytes(31).toString('base64') }, 'k1'),
    );
    expect(b64Short.message).toContain('31 bytes');
    const notKey = caught(() => new TokenCipher({ k9: 'this is not a key!' }, 'k9'));
    expect(notKey.message).toContain('"k9"');
    expect(notKey.message).not.toContain('this is not a key');
    expect(caught(() => new TokenCipher({ 'a:b': k1 }, 'a:b')).code).toBe(
      'WEIXIN_TOKEN_KEY_INVALID',
    );
    const current = caught(() => new TokenCipher({ k1 }, 'k3'));
    expect(current.message).toContain('currentKeyId "k3"');
  });

  it('copies a Buffer key so later changes to the caller buffer do not matter', () => {
    const key = Buffer.from(k1);
    const cipher = new TokenCipher({ k1: key }, 'k1');
    const stored = cipher.encrypt(SECRET);
    key.fill(0);
    expect(cipher.decrypt(stored)).toBe(SECRET);
  });
});
