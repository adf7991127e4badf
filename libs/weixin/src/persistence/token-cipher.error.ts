import { WeixinError } from '../errors/weixin.error.js';

/** Why a `TokenCipher` operation failed. */
export type TokenCipherErrorCode =
  | 'WEIXIN_TOKEN_KEY_INVALID'
  | 'WEIXIN_TOKEN_KEY_UNKNOWN'
  | 'WEIXIN_TOKEN_MALFORMED'
  | 'WEIXIN_TOKEN_TAMPERED';

/**
 * Thrown by `TokenCipher` for invalid keys and for stored values it cannot decrypt. The message
 * names the key id and the fix; it never contains a key or a plaintext.
 */
export class TokenCipherError extends WeixinError {
  /** Why the operation failed. */
  declare readonly code: TokenCipherErrorCode;

  /**
   * @param message Text naming the key id and the fix.
   * @param code Why the operation failed.
   * @param keyId The key id concerned, when known.
   */
  constructor(
    message: string,
    code: TokenCipherErrorCode,
    readonly keyId?: string,
  ) {
    super(message, code);
  }
}
