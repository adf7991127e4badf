import { type FakeClock } from '../fakes/manual-clock.js';

/** The server's reported send rate limit (protocol §18): `sends` within `windowMs` lock the bot. */
export interface SimRateLimit {
  /** Accepted sends of one bot within `windowMs` that trigger the lock. */
  sends: number;
  windowMs: number;
  /** How long the bot's sends are answered `ret -2` "rate limited" once locked. */
  lockMs: number;
}

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** Port of the main listener; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** How long `getupdates` is held without messages; also answered as `longpolling_timeout_ms`. @default 35000 */
  longPollTimeoutMs?: number;
  /** How long `get_qrcode_status` holds a `wait` step. @default 1000 */
  qrPollHoldMs?: number;
  /** Folder for CDN files; default a fresh folder under `os.tmpdir()` removed by `close()`. */
  dataDir?: string;
  /** Answer `upload_full_url` from `getuploadurl` (else only `upload_param`). @default true */
  uploadFullUrl?: boolean;
  /** Validity of a `typing_ticket` on the simulator clock. @default 86400000 (24 h) */
  ticketTtlMs?: number;
  /** How long a typing indicator shows after the last `status: 1` without keep-alive. @default 20000 */
  typingIndicatorMs?: number;
  /** Most messages delivered by one `getupdates` answer. @default 100 */
  maxBatch?: number;
  /** How many requests `calls()` keeps. @default 5000 */
  callLogSize?: number;
  /** Port of the second listener (the "other IDC" of `scaned_but_redirect`). @default 0 */
  redirectPort?: number;
  /**
   * How long after a QR login binds a WeChat user to a new bot the user's earlier bot keeps its
   * session before it answers -14 (the live server: about 29 000 ms, protocol §6.6, §18).
   * @default 0 (at once)
   */
  bindingTakeoverMs?: number;
  /**
   * Refuse sends whose context token was issued at least this long ago (simulator clock) with
   * `ret -2` "prepare failed", as reported for late replies (about 1.5–2 min) and proactive sends
   * after about 15 h of user silence (protocol §18). @default 0 (off: the 24 h window applies)
   */
  prepareFailedAfterMs?: number;
  /**
   * Lock a bot's sends with `ret -2` "rate limited" after `sends` accepted sends within
   * `windowMs`, for `lockMs` (reported: about 4 in 8 min locked 30+ min, protocol §18).
   * @default undefined (off)
   */
  rateLimit?: SimRateLimit;
  /**
   * The clock of the typing fakes (WeChat customer service, NXCloud): a `ManualClock` shared
   * with the app's `typing.clock`. @default the simulator clock
   */
  clock?: FakeClock;
}

/** Options with every default applied. */
export type ResolvedSimulatorOptions = Required<
  Omit<SimulatorOptions, 'dataDir' | 'clock' | 'rateLimit'>
> & {
  dataDir?: string;
  rateLimit?: SimRateLimit;
};

/** Applies the defaults of `SimulatorOptions`. */
export function resolveOptions(opts: SimulatorOptions = {}): ResolvedSimulatorOptions {
  return {
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    longPollTimeoutMs: opts.longPollTimeoutMs ?? 35_000,
    qrPollHoldMs: opts.qrPollHoldMs ?? 1_000,
    dataDir: opts.dataDir,
    uploadFullUrl: opts.uploadFullUrl ?? true,
    ticketTtlMs: opts.ticketTtlMs ?? 24 * 60 * 60 * 1000,
    typingIndicatorMs: opts.typingIndicatorMs ?? 20_000,
    maxBatch: opts.maxBatch ?? 100,
    callLogSize: opts.callLogSize ?? 5_000,
    redirectPort: opts.redirectPort ?? 0,
    bindingTakeoverMs: opts.bindingTakeoverMs ?? 0,
    prepareFailedAfterMs: opts.prepareFailedAfterMs ?? 0,
    rateLimit: opts.rateLimit,
  };
}
