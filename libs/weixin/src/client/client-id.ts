import { randomHex } from '../utils/random-pool.js';

/** Prefix of the `client_id`s this library generates. */
export const CLIENT_ID_PREFIX = 'nestjs-weixin';

/** A unique outbound `client_id`: `nestjs-weixin:<ms epoch>-<16 hex chars>`. */
export function generateClientId(now: number = Date.now()): string {
  return `${CLIENT_ID_PREFIX}:${now}-${randomHex(8)}`;
}
