/** Defaults of the QR login algorithm (protocol §6.4). */
export const LOGIN_DEFAULTS = {
  /** Overall deadline of one login. */
  deadlineMs: 480_000,
  /** Delay between status polls (none right after a verify code is submitted). */
  pollIntervalMs: 1_000,
  /** Client deadline of one `get_qrcode_status` long poll; reaching it counts as `wait`. */
  statusTimeoutMs: 35_000,
  /** QR codes per login: the first one and two refreshes. */
  maxQrCodes: 3,
  /** Stored bot tokens sent as `local_token_list`. */
  maxLocalTokens: 10,
  /** How long a finished login stays readable. */
  retainFinishedMs: 600_000,
  /** Logins not finished yet at once; more are refused. */
  maxActiveLogins: 10,
  /** Logins kept (active and finished); the oldest finished ones are forgotten first. */
  maxKnownLogins: 100,
  /** How often the replica running a login renews its hold and reads codes and cancels. */
  syncIntervalMs: 250,
  /** How long a login stays held without renewal before a reader fails it (its replica died). */
  holdMs: 10_000,
  /** How often a long poll or a change stream on any replica reads the login. */
  readIntervalMs: 100,
} as const;

/** Smallest accepted overall deadline. */
export const MIN_LOGIN_DEADLINE_MS = 1_000;

/** A verify code: the 1 to 10 digits WeChat shows on the phone. */
export const VERIFY_CODE_PATTERN = /^\d{1,10}$/;
