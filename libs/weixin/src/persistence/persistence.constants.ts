/** Injection token of the `TokenCipher` that `WeixinStore` encrypts bot tokens with. */
export const WEIXIN_TOKEN_CIPHER = Symbol('WEIXIN_TOKEN_CIPHER');
