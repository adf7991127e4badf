import { randomFillSync } from 'node:crypto';

/**
 * Bytes drawn from the operating system's CSPRNG in one call and handed out a few at a time.
 * `randomBytes(8)` costs one call into OpenSSL each (about 7 µs on a small VM, against a few
 * nanoseconds from the pool), and the send path needs two per message (`client_id`,
 * `X-WECHAT-UIN`). Every byte is handed out once; the pool is refilled when what is left does
 * not cover a request. Node's `randomUUID` keeps a cache the same way.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let next = POOL_BYTES;

/** Offset of `n` fresh bytes in the pool (`n` ≤ its size). */
function take(n: number): number {
  if (n > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at once, not ${n}`);
  if (next + n > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const at = next;
  next += n;
  return at;
}

/** A uniformly random uint32 from the CSPRNG. */
export function randomUint32(): number {
  return pool.readUInt32BE(take(4));
}

/** `bytes` random bytes from the CSPRNG as lowercase hex (`2 × bytes` characters). */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  return pool.toString('hex', at, at + bytes);
}
