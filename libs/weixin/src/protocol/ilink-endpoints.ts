/** Names of the iLink HTTP endpoints, as used in errors and metrics. */
export type IlinkEndpoint =
  | 'get_bot_qrcode'
  | 'get_qrcode_status'
  | 'notifystart'
  | 'notifystop'
  | 'getupdates'
  | 'sendmessage'
  | 'getconfig'
  | 'sendtyping'
  | 'getuploadurl'
  | 'cdn-upload'
  | 'cdn-download';

/** Paths of the JSON endpoints, relative to the API base URL (protocol §2, Appendix A). */
export const ILINK_PATHS = {
  get_bot_qrcode: 'ilink/bot/get_bot_qrcode',
  get_qrcode_status: 'ilink/bot/get_qrcode_status',
  notifystart: 'ilink/bot/msg/notifystart',
  notifystop: 'ilink/bot/msg/notifystop',
  getupdates: 'ilink/bot/getupdates',
  sendmessage: 'ilink/bot/sendmessage',
  getconfig: 'ilink/bot/getconfig',
  sendtyping: 'ilink/bot/sendtyping',
  getuploadurl: 'ilink/bot/getuploadurl',
} as const satisfies Partial<Record<IlinkEndpoint, string>>;

/** Paths of the CDN endpoints, relative to the CDN base URL (protocol §12.4, §12.5). */
export const CDN_PATHS = { upload: 'upload', download: 'download' } as const;

/** The `iLink-App-Id` header value (protocol §3.4). */
export const ILINK_APP_ID = 'bot';

/** The `AuthorizationType` header value (protocol §3.6). */
export const ILINK_AUTHORIZATION_TYPE = 'ilink_bot_token';
