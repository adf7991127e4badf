import { createHash, randomBytes } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AesEcbDecryptStream } from './aes-ecb-decrypt.stream.js';
import { AesEcbEncryptStream } from './aes-ecb-encrypt.stream.js';
import { aesKeyToHex, createAesKey, encodeOutboundAesKey, parseAesKey } from './aes-key.js';
import { cipherSize } from './cipher-size.js';
import { WeixinAesKeyError } from './weixin-aes-key.error.js';
import { WeixinDecryptError } from './weixin-decrypt.error.js';
import {
  AES_ECB_SIZE_VECTORS,
  AES_ECB_VECTORS,
  AES_ECB_VECTOR_KEY as KEY,
} from '../../../../ilink-simulator/src/testing/aes-ecb.vectors.js';

async function collect(source: Readable, transform: Transform): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(source, transform, async (stream: AsyncIterable<Buffer>) => {
    for await (const chunk of stream) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

/** `data` as a stream of odd-sized chunks. */
function chunked(data: Buffer, chunk = 65_531): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
    })(),
  );
}

describe('cipherSize', () => {
  it.each(AES_ECB_SIZE_VECTORS)('%p plaintext bytes → %p ciphertext bytes', (raw, cipher) => {
    expect(cipherSize(raw)).toBe(cipher);
  });

  it('rejects negative and fractional sizes', () => {
    expect(() => cipherSize(-1)).toThrow(RangeError);
    expect(() => cipherSize(1.5)).toThrow(RangeError);
  });
});

describe('AES-128-ECB streams', () => {
  it.each(AES_ECB_VECTORS)('encrypts %p to the protocol test vector', async (plain, cipherHex) => {
    const encrypt = new AesEcbEncryptStream(KEY);
    const out = await collect(Readable.from(plain ? [Buffer.from(plain)] : []), encrypt);
    expect(out.toString('hex')).toBe(cipherHex);
    expect(encrypt.summary).toEqual({
      plaintextMd5: createHash('md5').update(plain).digest('hex'),
      rawSize: plain.length,
      cipherSize: cipherSize(plain.length),
    });
    const decrypted = await collect(Readable.from([out]), new AesEcbDecryptStream(KEY));
    expect(decrypted.toString()).toBe(plain);
  });

  it('round-trips several MiB in odd chunks and reports size and MD5', async () => {
    const key = createAesKey();
    const plain = randomBytes(5 * 1024 * 1024 + 7);
    const encrypt = new AesEcbEncryptStream(key);
    const cipher = await collect(chunked(plain), encrypt);
    expect(cipher.length).toBe(cipherSize(plain.length));
    expect(encrypt.summary.rawSize).toBe(plain.length);
    expect(encrypt.summary.cipherSize).toBe(cipher.length);
    expect(encrypt.summary.plaintextMd5).toBe(createHash('md5').update(plain).digest('hex'));
    const decrypted = await collect(chunked(cipher, 4099), new AesEcbDecryptStream(key));
    expect(decrypted.equals(plain)).toBe(true);
  });

  it('fails decryption with a wrong key as WeixinDecryptError', async () => {
    const cipher = await collect(
      Readable.from([Buffer.from('secret data')]),
      new AesEcbEncryptStream(KEY),
    );
    const wrong = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');
    await expect(collect(Readable.from([cipher]), new AesEcbDecryptStream(wrong))).rejects.toThrow(
      WeixinDecryptError,
    );
  });

  it('fails on truncated ciphertext', async () => {
    const cipher = Buffer.from('aebdd39b144089d5e31cacd35b7a113a00657ea1', 'hex');
    await expect(collect(Readable.from([cipher]), new AesEcbDecryptStream(KEY))).rejects.toThrow(
      WeixinDecryptError,
    );
  });

  it('refuses keys that are not 16 bytes', () => {
    expect(() => new AesEcbEncryptStream(Buffer.alloc(15))).toThrow(WeixinAesKeyError);
    expect(() => new AesEcbDecryptStream(Buffer.alloc(32))).toThrow(WeixinAesKeyError);
  });

  it('summary is unavailable before the stream finishes', () => {
    expect(() => new AesEcbEncryptStream(KEY).summary).toThrow(/not finished/);
  });
});

describe('AES key encodings', () => {
  it('encodes the outbound aes_key as base64 of the hex text', () => {
    expect(aesKeyToHex(KEY)).toBe('00112233445566778899aabbccddeeff');
    expect(encodeOutboundAesKey(KEY)).toBe('MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmY=');
  });

  it.each([
    ['bare hex', '00112233445566778899aabbccddeeff'],
    ['bare upper-case hex', '00112233445566778899AABBCCDDEEFF'],
    ['base64 of raw bytes (format A)', 'ABEiM0RVZneImaq7zN3u/w=='],
    ['base64 of hex text (format B)', 'MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmY='],
  ])('parses %s', (_label, encoded) => {
    expect(parseAesKey(encoded).equals(KEY)).toBe(true);
  });

  it('round-trips a random key through the outbound encoding', () => {
    const key = createAesKey();
    expect(parseAesKey(encodeOutboundAesKey(key)).equals(key)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too short hex', '00112233'],
    ['base64 of 15 bytes', Buffer.alloc(15).toString('base64')],
    ['base64 of 32 non-hex bytes', Buffer.alloc(32, 0x7a).toString('base64')],
    ['not base64', '!!!!not-a-key!!!!'],
  ])('rejects %s without echoing it', (_label, encoded) => {
    expect(() => parseAesKey(encoded)).toThrow(WeixinAesKeyError);
    try {
      parseAesKey(encoded);
    } catch (error) {
      if (encoded) expect((error as Error).message).not.toContain(encoded);
    }
  });
});
