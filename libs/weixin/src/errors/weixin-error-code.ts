/**
 * Codes of the library's own refusals and failures (`WEIXIN_*`): options, accounts, the inbox,
 * sends, media, typing arguments, logins, handlers, the admin API and the test kit.
 */
export type WeixinLibraryErrorCode =
  | 'WEIXIN_CONFIG'
  | 'WEIXIN_INVALID_ARGUMENT'
  | 'WEIXIN_INVALID_HANDLER'
  | 'WEIXIN_INVALID_REPLY'
  | 'WEIXIN_UNKNOWN_ACCOUNT'
  | 'WEIXIN_ACCOUNT_NEEDS_LOGIN'
  | 'WEIXIN_TOKEN_KEY_INVALID'
  | 'WEIXIN_TOKEN_KEY_UNKNOWN'
  | 'WEIXIN_TOKEN_MALFORMED'
  | 'WEIXIN_TOKEN_TAMPERED'
  | 'WEIXIN_LOGIN_NOT_FOUND'
  | 'WEIXIN_LOGIN_INVALID_VERIFY_CODE'
  | 'WEIXIN_LOGIN_NOT_AWAITING_CODE'
  | 'WEIXIN_LOGIN_FINISHED'
  | 'WEIXIN_LOGIN_INVALID_OPTIONS'
  | 'WEIXIN_LOGIN_LIMIT'
  | 'WEIXIN_LEASE_LOST'
  | 'WEIXIN_ALREADY_HANDLED'
  | 'WEIXIN_INVALID_CONTENT'
  | 'WEIXIN_SEND_REJECTED'
  | 'WEIXIN_SERVER_REFUSED'
  | 'WEIXIN_RATE_LIMITED'
  | 'WEIXIN_BREAKER_OPEN'
  | 'WEIXIN_PREPARE_FAILED'
  | 'WEIXIN_EMPTY_REFUSAL'
  | 'WEIXIN_INVALID_ARGUMENTS'
  | 'WEIXIN_SESSION_EXPIRED'
  | 'WEIXIN_VOICE_REFUSED'
  | 'WEIXIN_INVALID_RECIPIENT'
  | 'WEIXIN_PROGRESS_RACE'
  | 'WEIXIN_VOICE_FORMAT'
  | 'WEIXIN_UNKNOWN_DELIVERY'
  | 'WEIXIN_DELIVERY_NOT_QUEUED'
  | 'WEIXIN_UNKNOWN_DEAD_LETTER'
  | 'WEIXIN_MEDIA_SOURCE'
  | 'WEIXIN_MEDIA_UPLOAD'
  | 'WEIXIN_MEDIA_TOO_LARGE'
  | 'WEIXIN_NO_MEDIA'
  | 'WEIXIN_AES_KEY'
  | 'WEIXIN_DECRYPT'
  | 'WEIXIN_HOST_NOT_ALLOWED'
  | 'WEIXIN_TYPING'
  | 'WEIXIN_TYPING_CHANNEL'
  | 'WEIXIN_SERVICE_MISSING'
  | 'WEIXIN_TESTING';

/** Codes of an iLink call that failed or was answered with an error (`ILINK_*`). */
export type IlinkErrorCode =
  | 'ILINK_API'
  | 'ILINK_SESSION_EXPIRED'
  | 'ILINK_REJECTED'
  | 'ILINK_HTTP_STATUS'
  | 'ILINK_TRANSPORT'
  | 'ILINK_MALFORMED_RESPONSE'
  | 'ILINK_EMPTY_RESPONSE'
  | 'ILINK_INVALID_REQUEST';

/** Codes of a WeChat customer-service typing call that failed (`WECHAT_CS_*`). */
export type CustomerServiceTypingErrorCode =
  | 'WECHAT_CS_BAD_COMMAND'
  | 'WECHAT_CS_NO_INTERACTION'
  | 'WECHAT_CS_ALREADY_TYPING'
  | 'WECHAT_CS_INVALID_TOKEN'
  | 'WECHAT_CS_EXPIRED_TOKEN'
  | 'WECHAT_CS_BAD_TOKEN'
  | 'WECHAT_CS_BUSY'
  | 'WECHAT_CS_OUT_OF_WINDOW'
  | 'WECHAT_CS_TOKEN_FETCH'
  | 'WECHAT_CS_OTHER';

/** Codes of an NXCloud typing call that failed (`NXCLOUD_*`). */
export type NxcloudTypingErrorCode =
  | 'NXCLOUD_SYSTEM'
  | 'NXCLOUD_AUTH'
  | 'NXCLOUD_PARAMETER'
  | 'NXCLOUD_BUSINESS'
  | 'NXCLOUD_INVALID_PHONE'
  | 'NXCLOUD_NOT_BOUND'
  | 'NXCLOUD_UNKNOWN_MESSAGE'
  | 'NXCLOUD_OUTGOING_MESSAGE'
  | 'NXCLOUD_DOWNSTREAM'
  | 'NXCLOUD_MISSING_MESSAGE_ID'
  | 'NXCLOUD_TRANSPORT';

/**
 * Every `code` a {@link WeixinError} can carry. One scheme: `<SOURCE>_<REASON>`, where the source
 * names who refused — `WEIXIN` the library itself, `ILINK` the iLink server (or the way to it),
 * `WECHAT_CS` and `NXCLOUD` the typing providers — and the reason never ends in `_ERROR`.
 */
export type WeixinErrorCode =
  WeixinLibraryErrorCode | IlinkErrorCode | CustomerServiceTypingErrorCode | NxcloudTypingErrorCode;
