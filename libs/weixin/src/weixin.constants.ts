/** Injection token of the validated, defaulted options (`ResolvedWeixinOptions`). */
export const WEIXIN_OPTIONS = Symbol('WEIXIN_OPTIONS');
/** Injection token of the TypeORM `DataSource` the library uses. */
export const WEIXIN_DATA_SOURCE = Symbol('WEIXIN_DATA_SOURCE');
/** Name of the default typing channel: iLink `getconfig` + `sendtyping` (protocol §11). */
export const ILINK_TYPING_CHANNEL = 'ilink';
