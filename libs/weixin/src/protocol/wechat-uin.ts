import { randomUint32 } from '../utils/random-pool.js';

/**
 * Encodes a uint32 as an `X-WECHAT-UIN` header value (protocol §3.2): the base64 of its decimal
 * text, not of its binary form.
 *
 * @example encodeWechatUin(305419896) === 'MzA1NDE5ODk2'
 */
export function encodeWechatUin(uin: number): string {
  return Buffer.from(String(uin >>> 0), 'utf8').toString('base64');
}

/** A fresh `X-WECHAT-UIN` value from 4 random bytes; the protocol wants one per request. */
export function randomWechatUin(): string {
  return encodeWechatUin(randomUint32());
}
