import { randomInt } from 'node:crypto';

/** Prefix of the `client_id`s this library generates. */
export const CLIENT_ID_PREFIX = 'nestjs-weixin';

/** 8 random hex characters, from Node's cached CSPRNG bytes (see `randomWechatUin`). */
function randomHex32(): string {
  return randomInt(2 ** 32)
    .toString(16)
    .padStart(8, '0');
}

/** A unique outbound `client_id`: `nestjs-weixin:<ms epoch>-<16 hex chars>`. */
export function generateClientId(now: number = Date.now()): string {
  return `${CLIENT_ID_PREFIX}:${now}-${randomHex32()}${randomHex32()}`;
}
