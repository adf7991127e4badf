/**
 * Status of a QR login as operators see it: every `get_qrcode_status` answer of protocol §6.3
 * plus the states of the login itself.
 * - `starting`: the QR code is being created;
 * - `wait`: shown, not scanned yet;
 * - `scaned`: scanned, waiting for the confirmation on the phone (a pending verify code was accepted);
 * - `need_verifycode`: the operator must submit the digits shown on the phone;
 * - `scaned_but_redirect`: the session moved to another IDC; polling follows it;
 * - `verify_code_blocked` / `expired`: this QR is burnt; a new one follows (at most `maxQrCodes`);
 * - `confirmed`: the account is stored and polled (final);
 * - `binded_redirect`: the bot is already bound to this client, nothing changed (final);
 * - `failed`, `cancelled`: final, see `error`.
 */
export type WeixinLoginStatus =
  | 'starting'
  | 'wait'
  | 'scaned'
  | 'need_verifycode'
  | 'scaned_but_redirect'
  | 'verify_code_blocked'
  | 'expired'
  | 'confirmed'
  | 'binded_redirect'
  | 'failed'
  | 'cancelled';

/** Statuses after which a login does nothing more. */
export const FINAL_LOGIN_STATUSES: readonly WeixinLoginStatus[] = [
  'confirmed',
  'binded_redirect',
  'failed',
  'cancelled',
];

/** Why a login failed. */
export type WeixinLoginFailure =
  | 'deadline'
  | 'qr-limit'
  | 'qr-request-failed'
  | 'redirect-refused'
  | 'status-request-failed'
  | 'missing-credentials'
  | 'already-bound'
  | 'store-failed'
  | 'shutdown'
  | 'replica-lost';

/** The QR code to show: the content string (what WeChat scans) and its renderings. */
export interface WeixinLoginQr {
  /** The string encoded in the QR code (`qrcode_img_content`, in practice a URL). */
  content: string;
  /** The QR code as a `data:image/png;base64,…` URL. */
  dataUrl: string;
  /** 1 for the first QR code of the login, 2 and 3 for refreshes. */
  number: number;
}

/** One observable state of a login; each change gets a greater `version`. */
export interface WeixinLoginSnapshot {
  /** Random id of the login (not the QR id, which stays secret). */
  loginId: string;
  status: WeixinLoginStatus;
  /** Grows by one with every change. */
  version: number;
  /** Whether the status is final. */
  final: boolean;
  /** The current QR code (absent while `starting`). */
  qr?: WeixinLoginQr;
  /** Whether a submitted verify code waits for the server's answer. */
  verifyCodePending: boolean;
  /** Whether the last submitted verify code was wrong. */
  verifyCodeRejected: boolean;
  /** The IDC host polled after `scaned_but_redirect`. */
  redirectHost?: string;
  /** The account stored by a `confirmed` login. */
  accountId?: string;
  /** The WeChat user who scanned (`ilink_user_id`) of a `confirmed` login. */
  ownerUserId?: string;
  /** Why a `failed` login failed. */
  failure?: WeixinLoginFailure;
  /** What went wrong, in words (no secrets). */
  error?: string;
  startedAt: Date;
  /** When the login gives up. */
  deadlineAt: Date;
  updatedAt: Date;
}

/** Options of one QR login. */
export interface WeixinLoginOptions {
  /**
   * Overall deadline.
   * @default 480000 (8 min, protocol §6.4)
   */
  deadlineMs?: number;
  /**
   * Delay between status polls.
   * @default 1000
   */
  pollIntervalMs?: number;
  /**
   * QR codes per login (the first and the refreshes after `expired` / `verify_code_blocked`).
   * @default 3
   */
  maxQrCodes?: number;
}

/** Credentials of a confirmed login (what `--json` prints). */
export interface WeixinLoginCredentials {
  accountId: string;
  token: string;
  baseUrl: string;
  ownerUserId?: string;
}
