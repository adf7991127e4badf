/**
 * The simulator's control surface: what tests, benchmarks and the demo use to play the WeChat
 * side. `SimulatorControl` is implemented twice with the same semantics: in-process (the object
 * `startSimulator()` answers) and over HTTP (`SimulatorControlClient`, for other processes).
 * Every id here is a string; message ids are uint64 decimal strings, often above 2^53.
 */

/** A bot account known to the simulator. */
export interface SimBot {
  botId: string;
  token: string;
  /** The WeChat user who "scanned" the bot (`ilink_user_id` of the login). */
  ownerUserId: string;
}

/** How an inbound media item carries its AES key (protocol §12.2). */
export type SimKeyFormat =
  /** `image_item.aeskey` as 32 hex chars (images only) plus `media.aes_key` base64 of raw. */
  | 'image-hex'
  /** `media.aes_key` = base64 of the raw 16 bytes ("format A"). */
  | 'base64-raw'
  /** `media.aes_key` = base64 of the 32 hex chars ("format B"). */
  | 'base64-hex'
  /** no key at all: plain bytes on the CDN (images only). */
  | 'none';

/**
 * A quote attached to an injected message (`ref_msg`, protocol §9.6). Without `text` and `full`
 * it is id-only (`svr_id` and `title` at most), as newer WeChat clients send.
 */
export interface SimQuote {
  /** `svr_id` of the quoted message (e.g. an id the bot got back from `sendmessage`). */
  svrId?: string;
  title?: string;
  /** Quoted text, carried as `ref_msg.message_item.text_item`. Omit for an id-only quote. */
  text?: string;
  /**
   * Carry the quoted message's own item (text or media, with its CDN reference) as
   * `ref_msg.message_item`, looked up by `svrId` among the bot's inbound and accepted sent
   * messages; `title` defaults to its text. Throws when `svrId` is unknown.
   */
  full?: boolean;
  /**
   * Quote only part of the quoted text (`ref_msg.partial_text`): the UTF-16 offsets `from`
   * (inclusive) to `to` (exclusive) in the quoted text (`text`, or the quoted message's with
   * `full`, or the stored message's). The simulator writes `start`/`end` snippets (up to 8
   * characters), `startindex`, `endindex` (counted over the whole text, or with `endIndexFrom:
   * 'start'` from just after the start snippet — both were observed) and `quotemd5` (omitted
   * with `md5: false`).
   */
  partial?: { from: number; to: number; endIndexFrom?: 'text' | 'start'; md5?: boolean };
}

/** Common options of an injected inbound message. */
export interface SimInboundOptions {
  /** Explicit `message_id`; default: a fresh uint64 above 2^53. */
  messageId?: string;
  /** `create_time_ms`; default: the simulator clock. */
  createTimeMs?: number;
  quote?: SimQuote;
  /** `group_id` of the message (no source shows one on the live server, protocol §9.9). */
  groupId?: string;
  /**
   * `message_type`: 1 (USER, the default) or 2 (BOT: the server echoing a message of the bot,
   * protocol §8.7), to check that echoes never reach handlers.
   */
  messageType?: 1 | 2;
}

export interface SimMediaOptions extends SimInboundOptions {
  fileName?: string;
  keyFormat?: SimKeyFormat;
  /** `voice_item.text` (server transcript) for voice. */
  transcript?: string;
  /** Put `full_url` on the CDN media (default true). A string overrides the URL verbatim. */
  fullUrl?: boolean | string;
}

/** What the simulator did with an injected message. */
export interface SimInjected {
  messageId: string;
  contextToken: string;
  seq: number;
}

/** One `sendmessage` call the simulator received, accepted or not. */
export interface SimSent {
  /** Server message id answered (accepted sends only). */
  messageId?: string;
  toUserId: string;
  clientId?: string;
  contextToken?: string;
  /** The single item of `item_list` as received (raw JSON). */
  item: Record<string, unknown>;
  /** Convenience: `item.text_item.text` for text items. */
  text?: string;
  /** Convenience: the progress item (types 11/12, protocol §9.5) when it is one. */
  progress?: SimProgress;
  /** Convenience: `svr_id` of the item's `ref_msg` when it quotes a message. */
  quotedSvrId?: string;
  accepted: boolean;
  ret: number;
  errmsg: string;
  /** Simulator clock when received. */
  at: number;
  /** For a voice item: what its SILK upload decodes to, and whether the server dropped it. */
  voice?: SimVoice;
}

/** A voice item the simulator received, decoded with `silk-wasm` (24 000 Hz, mono, 16-bit). */
export interface SimVoice {
  /** `voice_item.playtime` as sent (ms). */
  playtimeMs?: number;
  /** Length of the audio the uploaded SILK decodes to (ms); 0 when it does not decode. */
  decodedMs: number;
  /** The upload's `filekey` (`readUpload` answers the SILK bytes). */
  filekey: string;
  /** Answered `ret 0` but never shown to the user (`setVoiceOut('drop')`). */
  dropped: boolean;
}

/**
 * How the simulated server answers a well-formed native voice item (reports differ, protocol
 * §18): `accept` it (`ret 0`, shown), `refuse` it (`ret -2`, empty `errmsg`), or `drop` it
 * (`ret 0` with a `message_id`, never shown).
 */
export type SimVoiceOut = 'accept' | 'refuse' | 'drop';
/** A tool-call progress item the bot sent. */
export interface SimProgress {
  /** `start` (type 11) or `result` (type 12). */
  phase: 'start' | 'result';
  tool: string;
  callId: string;
  /** The result's `status` (`completed`, `failed`, `blocked`, `unknown`). */
  status?: string;
}

/** The reply quota of a user's latest context token, as the simulator counts it. */
export interface SimQuota {
  /** The user's latest context token (none: the user never wrote). */
  contextToken?: string;
  /** Accepted bot messages under it: every item type counts, progress items included. */
  accepted: number;
  /** Of those, progress items (types 11/12). */
  progress: number;
  /** Replies left of the quota (10). */
  left: number;
}

/** Typing state of (bot, user) and every `sendtyping` received. */
export interface SimTyping {
  /**
   * `typing` while the last `sendtyping` was status 1 and is younger than the simulator's
   * `typingIndicatorMs` (default 20 s of simulator time: the indicator needs keep-alives).
   */
  status: 'typing' | 'idle';
  events: { status: number; at: number; ticket: string }[];
  /** How many `getconfig` calls this user caused. */
  getconfigCalls: number;
}

/**
 * One upload the CDN stored, with the verdict of its plaintext check (the CDN answers the POST
 * once the ciphertext is stored, then decrypts and checks it; `uploads()` waits for the verdict).
 */
export interface SimUpload {
  filekey: string;
  toUserId: string;
  mediaType: number;
  rawsize: number;
  rawfilemd5: string;
  /** Plaintext size and MD5 as decrypted by the CDN (bytes: `readUpload`). */
  size: number;
  plaintextMd5: string;
  /** `passed`: decrypts to `rawsize` bytes with `rawfilemd5`; `failed`: `sendmessage` refuses it. */
  check: 'passed' | 'failed';
  /** Why the check failed. */
  error?: string;
  /** The `x-encrypted-param` answered (the download parameter). */
  encryptedParam: string;
}

/** One HTTP request the simulator received (for header and body assertions). */
export interface SimCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body (uint64 ids kept as strings) or undefined. */
  body?: unknown;
  at: number;
}

/**
 * A fault to inject. Faults are consumed in order per matching request. They apply before the
 * simulator's own checks (headers, token), and a faulted `sendmessage` is not recorded by `sent()`
 * (except `slow`, which then runs normally). A fault with `botId` matches only requests whose
 * bearer token (or CDN parameter) belongs to that bot.
 */
export interface SimFault {
  /** Endpoint path suffix, e.g. `getupdates`, `sendmessage`, `upload`, `download`; `*` = any. */
  endpoint: string;
  botId?: string;
  kind:
    | 'stale-session' // HTTP 200 {ret:-14, errcode:-14}
    | 'rejected' // HTTP 200 {ret:-2, errmsg: errmsg ?? ''}
    | 'rate-limited' // HTTP 200 {ret:-2, errmsg:'rate limited'}
    | 'prepare-failed' // HTTP 200 {ret:-2, errmsg:'prepare failed'}
    | 'invalid-arguments' // HTTP 200 {ret:-3, errmsg:'invalid arguments'}
    | 'http-error' // HTTP `status` (default 500) with a text body
    | 'slow' // answer normally after `delayMs`
    | 'malformed-json' // HTTP 200, body that is not JSON
    | 'empty-body' // HTTP 200, empty body
    | 'reset'; // destroy the socket without answering
  status?: number;
  errmsg?: string;
  delayMs?: number;
  /** How many matching requests this fault applies to (default 1). */
  times?: number;
}

/** A scripted QR login: the statuses `get_qrcode_status` will answer, in order. */
export interface SimQrScript {
  /**
   * Steps answered one per poll after the QR is created. `confirmed` issues a new bot (or renews
   * `botId` when given). `need_verifycode` waits until a poll carries `verifyCode`; a wrong code
   * answers `need_verifycode` again; `verify_code_blocked` after `maxWrongCodes` wrong codes.
   * `scaned_but_redirect` answers `redirect_host` = `host:port` of the simulator's second listener
   * ("the other IDC", `IlinkSimulator.redirectHost`); later polls must use it (the main listener
   * keeps answering `scaned_but_redirect`). Steps exhausted without a final status: held `wait`.
   * `confirmed`, `expired`, `binded_redirect` and `verify_code_blocked` repeat on later polls.
   */
  steps: (
    | 'wait'
    | 'scaned'
    | 'need_verifycode'
    | 'expired'
    | 'scaned_but_redirect'
    | 'binded_redirect'
    | 'confirmed'
  )[];
  verifyCode?: string;
  maxWrongCodes?: number;
  /** Renew this existing bot on `confirmed` (new token, same id) instead of creating one. */
  botId?: string;
  /**
   * `ilink_user_id` answered on `confirmed` (default: the renewed bot's owner, else a new user).
   * Another bot owned by the same user loses its session (one binding per WeChat user).
   */
  ownerUserId?: string;
}

/** Everything a test can do to and read from the simulator. */
export interface SimulatorControl {
  addBot(opts?: Partial<SimBot>): Promise<SimBot>;
  /**
   * Invalidate the bot's session: every later call with its token answers -14 (held long polls
   * too). `addBot({ botId })` or a QR login renewing the bot issues a new, valid token.
   */
  expireSession(botId: string): Promise<void>;

  sendText(
    botId: string,
    fromUserId: string,
    text: string,
    opts?: SimInboundOptions,
  ): Promise<SimInjected>;
  sendImage(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendFile(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendVoice(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendVideo(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  /**
   * Deliver a message already delivered again: same id, or (`newId`) a new id with the same
   * sender, `create_time_ms` and content.
   */
  redeliver(botId: string, messageId: string, opts?: { newId?: boolean }): Promise<SimInjected>;

  sent(botId: string, userId?: string): Promise<SimSent[]>;
  /** The reply quota of the user's latest context token as the server counts it. */
  quota(botId: string, userId: string): Promise<SimQuota>;
  typing(botId: string, userId: string): Promise<SimTyping>;
  uploads(botId: string): Promise<SimUpload[]>;
  /** The decrypted bytes of one upload (stored on disk, not in memory). */
  readUpload(filekey: string): Promise<Buffer>;
  /** Long polls (`getupdates`) of a bot open now, and the most ever open at once. */
  pollers(botId: string): Promise<{ active: number; maxConcurrent: number; total: number }>;
  calls(endpoint?: string): Promise<SimCall[]>;

  fault(fault: SimFault): Promise<void>;
  clearFaults(): Promise<void>;

  /**
   * Script the next QR login(s); answers nothing, the login is driven by the client's polls. Each
   * `get_bot_qrcode` takes the next queued script (first in, first out); with none queued, a QR
   * follows `['wait', 'scaned', 'confirmed']`.
   */
  scriptQrLogin(script: SimQrScript): Promise<void>;

  /** How the server answers native voice items from now on (default `accept`). */
  setVoiceOut(mode: SimVoiceOut): Promise<void>;

  /** Move the simulator clock forward (context-token windows, message times). */
  advanceClock(ms: number): Promise<void>;
  now(): Promise<number>;

  /** Forget all bots, messages, faults, logs, QR scripts and uploads; the clock returns to real time. */
  reset(): Promise<void>;
}
