/**
 * The parts of `@tencent-weixin/openclaw-weixin` 2.4.9 the official peer calls (the package ships
 * compiled JavaScript without declarations; these mirror its `dist/src` functions).
 */

/** A message as its `getUpdates` answers it. */
export interface OfficialWeixinMessage {
  from_user_id?: string;
  context_token?: string;
  item_list?: { type?: number; text_item?: { text?: string } }[];
}

/** `dist/src/api/api.js`. */
export interface OfficialApiModule {
  /** `POST ilink/bot/msg/notifystart`, which its channel calls at account start. */
  notifyStart(params: { baseUrl: string; token?: string }): Promise<{ ret?: number }>;
  /** Its lossless parse: quotes uint64 ids before `JSON.parse`. */
  parseWeixinApiJson(rawText: string): unknown;
  getUpdates(params: {
    baseUrl: string;
    token?: string;
    get_updates_buf?: string;
    timeoutMs?: number;
    abortSignal?: AbortSignal;
  }): Promise<{
    ret?: number;
    errcode?: number;
    errmsg?: string;
    msgs?: OfficialWeixinMessage[];
    get_updates_buf?: string;
    longpolling_timeout_ms?: number;
  }>;
}

/** `dist/src/messaging/send.js`. */
export interface OfficialSendModule {
  sendMessageWeixin(params: {
    to: string;
    text: string;
    opts: { baseUrl: string; token?: string; contextToken?: string; accountId?: string };
  }): Promise<{ messageId: string }>;
}

/** `dist/src/storage/sync-buf.js`. */
export interface OfficialSyncBufModule {
  getSyncBufFilePath(accountId: string): string;
  saveGetUpdatesBuf(filePath: string, getUpdatesBuf: string): void;
}

const ROOT = '@tencent-weixin/openclaw-weixin/dist/src';

/** Imports the official client's modules (none of them loads OpenClaw beyond the host stand-in). */
export async function importOfficialClient(): Promise<{
  api: OfficialApiModule;
  send: OfficialSendModule;
  syncBuf: OfficialSyncBufModule;
}> {
  const load = (path: string): Promise<unknown> => import(`${ROOT}/${path}`);
  return {
    api: (await load('api/api.js')) as OfficialApiModule,
    send: (await load('messaging/send.js')) as OfficialSendModule,
    syncBuf: (await load('storage/sync-buf.js')) as OfficialSyncBufModule,
  };
}
