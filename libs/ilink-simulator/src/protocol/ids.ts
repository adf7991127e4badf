import { randomBytes, randomInt } from 'node:crypto';

/**
 * A random uint64 in [2^60, 2^64 - 1], uniform: always above 2^53, so it breaks a lossy JSON
 * parser. Its top 4 bits (1–15), then 28 and 32 more bits, are `randomInt` draws, which Node
 * serves from its own cache of CSPRNG bytes (about 0.1 µs each here, against 3 µs for a
 * `randomBytes` call per id).
 */
export function randomUint64(): bigint {
  return (
    (BigInt(randomInt(1, 16)) << 60n) |
    (BigInt(randomInt(2 ** 28)) << 32n) |
    BigInt(randomInt(2 ** 32))
  );
}

/** True when `value` is the decimal text of a uint64. */
export function isUint64Text(value: string): boolean {
  return /^(0|[1-9]\d{0,19})$/.test(value) && BigInt(value) < 1n << 64n;
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * An opaque standard-base64 value with padding that contains `+` or `/`, so a client that does not
 * URL-encode it, or transforms it, is caught.
 */
export function opaqueBase64(bytes = 47): string {
  for (;;) {
    const value = randomBytes(bytes).toString('base64');
    if (/[+/]/.test(value)) return value;
  }
}

/** A bot account id `<12 hex>@im.bot`. */
export function newBotId(): string {
  return `${randomHex(6)}@im.bot`;
}

/** A bot token `<bot id>:<secret>` (the observed shape; clients must not parse it). */
export function newBotToken(botId: string): string {
  return `${botId}:${randomHex(32)}`;
}

/** A WeChat user id `o…@im.wechat`. */
export function newUserId(): string {
  return `o9cq8${randomBytes(12).toString('base64url')}@im.wechat`;
}

/** A context token (opaque base64; must be echoed verbatim). */
export function newContextToken(): string {
  return `AARzJWAF${opaqueBase64(44)}`;
}
