import { randomInt } from 'node:crypto';

/**
 * Encodes a uint32 as an `X-WECHAT-UIN` header value (protocol §3.2): the base64 of its decimal
 * text, not of its binary form.
 *
 * @example encodeWechatUin(305419896) === 'MzA1NDE5ODk2'
 */
export function encodeWechatUin(uin: number): string {
  return Buffer.from(String(uin >>> 0), 'utf8').toString('base64');
}

/**
 * A fresh `X-WECHAT-UIN` value from a random uint32; the protocol wants one per request. Drawn
 * with `randomInt`, which Node serves from its own cache of CSPRNG bytes (a `randomBytes` call
 * per request cost about 7 µs on a small VM).
 */
export function randomWechatUin(): string {
  return encodeWechatUin(randomInt(2 ** 32));
}
