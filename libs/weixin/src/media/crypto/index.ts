export * from './aes-ecb.constants.js';
export * from './cipher-size.js';
export * from './aes-key.js';
export * from './aes-ecb-encrypt.stream.js';
export * from './aes-ecb-decrypt.stream.js';
export * from './weixin-aes-key.error.js';
export * from './weixin-decrypt.error.js';
