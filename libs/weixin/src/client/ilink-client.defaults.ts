import type { IlinkClientTimeouts } from './ilink-client.options.js';

/** Default API base URL and fixed QR login host (protocol §2). */
export const DEFAULT_ILINK_BASE_URL = 'https://ilinkai.weixin.qq.com';
/** Default CDN base URL (protocol §2). */
export const DEFAULT_ILINK_CDN_BASE_URL = 'https://novac2c.cdn.weixin.qq.com/c2c';
/** Default `bot_type` (protocol §6.1). */
export const DEFAULT_ILINK_BOT_TYPE = '3';
/** Default `base_info.channel_version` and client version (protocol §4). */
export const DEFAULT_ILINK_CHANNEL_VERSION = '2.4.9';
/** Default `base_info.bot_agent`. */
export const DEFAULT_ILINK_BOT_AGENT = 'NestjsWeixin/0.1.0';
/** Hosts allowed by default besides the configured base URLs. */
export const DEFAULT_ILINK_ALLOWED_HOSTS: readonly string[] = ['*.weixin.qq.com', '*.qq.com'];

/** Default deadlines (protocol §15, "Suggested"). */
export const DEFAULT_ILINK_TIMEOUTS: Readonly<IlinkClientTimeouts> = {
  getBotQrcode: 15_000,
  getQrcodeStatus: 40_000,
  getUpdates: 40_000,
  sendMessage: 15_000,
  getUploadUrl: 15_000,
  getConfig: 10_000,
  sendTyping: 10_000,
  notify: 10_000,
  cdnUpload: 120_000,
  cdnDownload: 120_000,
};

/** Default most bytes of a JSON answer: 16 MiB. */
export const DEFAULT_ILINK_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
