/** Injection token of the validated, defaulted options (`ResolvedWeixinOptions`). */
export const WEIXIN_OPTIONS = Symbol('WEIXIN_OPTIONS');
/** Injection token of the TypeORM `DataSource` the library uses. */
export const WEIXIN_DATA_SOURCE = Symbol('WEIXIN_DATA_SOURCE');
/** Default API base URL (protocol §2). */
export const DEFAULT_BASE_URL = 'https://ilinkai.weixin.qq.com';
/** Default CDN base URL (protocol §2). */
export const DEFAULT_CDN_BASE_URL = 'https://novac2c.cdn.weixin.qq.com/c2c';
