import type { IlinkClient } from '../client/index.js';
import type { WeixinLoginCredentials, WeixinLoginSnapshot } from './weixin-login.types.js';

/** What a session needs from its service. */
export interface QrLoginDeps {
  client: IlinkClient;
  /** Stored bot tokens for `local_token_list`, newest first. */
  localTokens(): Promise<string[]>;
  /** Stores (or hands out) the credentials of a confirmed login; answers the account id. */
  confirm(credentials: WeixinLoginCredentials): Promise<void>;
  /** The API base URL stored when the server answers no `baseurl`. */
  defaultBaseUrl: string;
  /**
   * Stores a change of the login (a patch of its snapshot, `final` when it ends) where every
   * replica reads it; answers `false` when the login already ended elsewhere (cancelled).
   */
  record(patch: Partial<WeixinLoginSnapshot>, final: boolean): Promise<boolean>;
  /** Renews this replica's hold; answers whether the login ended elsewhere and a code waits. */
  sync(): Promise<{ ended: boolean; codeWaiting: boolean }>;
  /** Takes the verify code submitted through any replica, if any. */
  takeCode(): Promise<string | undefined>;
  /** Marks the login as being confirmed, so a cancel no longer applies; `false` if it ended. */
  claim(): Promise<boolean>;
}

/** Resolved settings of one session. */
export interface QrLoginSettings {
  deadlineMs: number;
  pollIntervalMs: number;
  statusTimeoutMs: number;
  maxQrCodes: number;
  /** How often the hold is renewed and verify codes and cancels from other replicas are read. */
  syncIntervalMs: number;
}

/** The fields of a `get_qrcode_status` answer a session reads. */
export interface QrStatusAnswer {
  status?: string;
  redirect_host?: string;
  bot_token?: string;
  ilink_bot_id?: string;
  baseurl?: string;
  ilink_user_id?: string;
}
