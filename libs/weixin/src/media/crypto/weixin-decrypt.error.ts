import { WeixinError } from '../../errors/weixin.error.js';
import { CryptoMessages } from './crypto.messages.js';

/** Ciphertext did not decrypt (padding or length): usually a wrong key. `code`: `WEIXIN_DECRYPT`. */
export class WeixinDecryptError extends WeixinError {
  constructor(cause?: unknown) {
    super(CryptoMessages.decryptFailed(), 'WEIXIN_DECRYPT', { cause });
  }
}
