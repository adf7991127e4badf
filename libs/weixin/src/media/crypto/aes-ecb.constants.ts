/** The cipher of CDN media: AES-128-ECB with PKCS#7 padding (protocol §12.1). */
export const AES_ECB_ALGORITHM = 'aes-128-ecb';
/** AES block and key size in bytes. */
export const AES_BLOCK_BYTES = 16;
