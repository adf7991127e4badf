/** A bot account id: `<id>@im.bot` (protocol §6.2). */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}@im\.bot$/;
/** A WeChat user id: `<opaque>@im.wechat` (protocol §9.8); no slashes, no leading dot. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_=+-][A-Za-z0-9_.=+-]{0,127}@im\.wechat$/;
/** A login id as `WeixinLoginService` makes them (16 random bytes, base64url). */
export const LOGIN_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** A bigint row id as a decimal string (its range is checked by `IsRowId`). */
export const ROW_ID_PATTERN = /^[1-9]\d{0,18}$/;
/** An `Idempotency-Key` header: 1 to 128 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
