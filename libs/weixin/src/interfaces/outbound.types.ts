import type { MessageItem } from '../protocol/index.js';

/**
 * Kind of one outbound message (one item per `sendmessage`): `voice` is native SILK voice,
 * `progress` a tool-call progress item (types 11/12, protocol §9.5).
 */
export type OutboundKind = 'text' | 'image' | 'video' | 'file' | 'voice' | 'progress';

/**
 * A media item ready to send: uploaded to the CDN for one user, built by `MediaService` with the
 * exact fields of protocol §10.2. Reusable for several sends to the same user.
 */
export interface PreparedMedia {
  kind: Exclude<OutboundKind, 'text' | 'progress'>;
  /** The account and user the upload is bound to (protocol §12.3). */
  accountId: string;
  userId: string;
  /** The `item_list` entry to send. */
  item: MessageItem;
  /** Plaintext size and MD5 of the file. */
  size: number;
  md5: string;
  fileName?: string;
}

/**
 * The message an outbound text quotes, sent as `ref_msg` on its (first) text item. No source
 * shows the official client or the live server quoting outbound (protocol §9.6 describes inbound
 * quotes): the server may ignore it or refuse the message, so use it where you can observe that.
 */
export interface OutboundQuote {
  /** Server message id of the quoted message (uint64 as a decimal string). */
  svrId: string;
  /** Summary text of the quoted message (`title`). */
  title?: string;
  /** The quoted text, carried as `ref_msg.message_item.text_item`. */
  text?: string;
}

/** Outcome of a tool call as a progress result item reports it (`tool_call_result_item.status`). */
export type ProgressStatus = 'completed' | 'failed' | 'blocked' | 'unknown';

/**
 * One progress item, as the official client's `replyProgressMessages` sends them (protocol §9.5):
 * without `status` a start item (type 11, "working on `tool`"), with one a result item (type 12).
 * Each is one bot message and uses one reply of the quota.
 */
export interface ProgressStep {
  /** What is being worked on (`tool_name`), 1 to 256 characters. */
  tool: string;
  /** Pairs a start with its result (`tool_call_id`), 1 to 128 characters. */
  callId: string;
  /** The result; omit for the start item. */
  status?: ProgressStatus;
}

/** What `WeixinMessageService.send()` accepts. */
export type OutboundContent =
  string | { text: string; quote?: OutboundQuote } | { media: PreparedMedia; caption?: string };

/** Options of `WeixinMessageService.sendProgress()`. */
export interface ProgressOptions {
  /** Makes the send idempotent, as for `send()`. */
  idempotencyKey?: string;
  /**
   * Replies of the quota a progress item never uses, kept for the answer.
   * @default the module's `send.progressReserve`
   */
  reserve?: number;
}

/** Options of one send. */
export interface SendOptions {
  /**
   * Makes the send idempotent: a second call with the same key (for the same account) answers
   * the records of the first and sends nothing.
   */
  idempotencyKey?: string;
  /**
   * Throw `WeixinSendRejectedError` (carrying every record) when a record of this send ends
   * `rejected`; otherwise the records are answered and the caller reads their states.
   * @default false
   */
  throwOnReject?: boolean;
  /**
   * What to do with the parts of a text that do not fit the replies left.
   * @default the module's `send.overflow`
   */
  overflow?: OverflowPolicy;
  /**
   * Throw the typed error of the server's refusal when the server refused a message of this send
   * (`ret -2`, `-3`, `-14`), whatever became of the message (queued or rejected), and
   * `WeixinBreakerOpenError` when the account's breaker held the send back without a request:
   * `WeixinRateLimitedError`, `WeixinPrepareFailedError`, `WeixinEmptyRefusalError`,
   * `WeixinInvalidArgumentsError`, `WeixinSessionExpiredError`, `WeixinVoiceRefusedError`, or
   * `WeixinServerRefusedError` for the other causes. Each carries every record of the send.
   * @default false
   */
  throwOnRefusal?: boolean;
}

/**
 * What happens to the parts of a message that do not fit the replies left under the current
 * context token: `queue` them in the outbox, `truncate` the text to the parts that fit (the last
 * one ends with the truncation marker; media and captions that do not fit are queued), or
 * `reject` them (recorded as `rejected`, cause `quota`).
 */
export type OverflowPolicy = 'queue' | 'truncate' | 'reject';

/**
 * Why a record is queued, rejected or unknown:
 * - `no-token`: the user never wrote (no context token);
 * - `window`: the reply window is closed, or the server said the token is stale;
 * - `quota`: no reply left for the current context token;
 * - `breaker`: the account's `ret -2` breaker is open;
 * - `session`: the account needs a new QR login (`-14`);
 * - `too-long`: the text exceeds the server's limit;
 * - `rate-limited`: the server said `rate limited` (`ret -2`): the account's breaker opened;
 * - `prepare-failed`: the server said `prepare failed` (`ret -2`): reported for replies sent more
 *   than about 1.5–2 min after the user's message and for proactive sends after about 11–15 h
 *   of user silence; the token is retired and the message waits for the user's next message;
 * - `no-errmsg`: the server refused it (`ret -2`) with an empty `errmsg` that the ledger does not
 *   explain (the breaker opened for `send.breaker.rejectedMs`);
 * - `invalid-arguments`: the server answered `ret -3` "invalid arguments" (a malformed or
 *   mixed-case recipient id, protocol §18); never retried;
 * - `voice-refused`: the server refused a native voice message (`ret -2`); never retried (send
 *   the audio as a file: `sendVoice()` does so by default);
 * - `rejected`: the server refused it without a recognizable cause;
 * - `transport`: the request failed in transit (`unknown`) or never left (`queued`);
 * - `interrupted`: the process stopped while the request was in flight;
 * - `outbox`: earlier messages to the user wait in the outbox; it goes out after them;
 * - `internal`: a database or process error stopped the send before it went out;
 * - `invalid`: it cannot be sent (unknown account, unsupported item).
 */
export type DeliveryCause =
  | 'no-token'
  | 'window'
  | 'quota'
  | 'breaker'
  | 'session'
  | 'too-long'
  | 'rate-limited'
  | 'prepare-failed'
  | 'no-errmsg'
  | 'invalid-arguments'
  | 'voice-refused'
  | 'rejected'
  | 'transport'
  | 'interrupted'
  | 'outbox'
  | 'internal'
  | 'invalid';

/**
 * State of one outbound message:
 * - `queued`: stored in the outbox (no context token, window closed, quota spent, breaker open);
 *   never reported as delivered; sent when the user next writes, or expires;
 * - `sending`: claimed, request in flight;
 * - `accepted`: the server accepted it (`serverMessageId` when it answered one);
 * - `rejected`: the server refused it (`ret`/`errmsg`), or it cannot be sent (`error`);
 * - `unknown`: the request may or may not have reached the server (timeout, reset, empty body);
 *   never resent automatically;
 * - `expired`: it waited in the outbox longer than allowed;
 * - `cancelled`: removed from the outbox by an operator.
 */
export type DeliveryState =
  'queued' | 'sending' | 'accepted' | 'rejected' | 'unknown' | 'expired' | 'cancelled';

/** The record of one outbound message (one part of a split text, one caption, one media item). */
export interface DeliveryRecord {
  /** The record's id (a `bigint` as decimal text). */
  id: string;
  /** The bot account it is sent from. */
  accountId: string;
  /** The WeChat user it is sent to (`…@im.wechat`). */
  userId: string;
  /** What it carries: a text (a part or a caption) or one media item. */
  kind: OutboundKind;
  /** Where it stands; see {@link DeliveryState}. */
  state: DeliveryState;
  /** Text of this part (text and caption messages). */
  text?: string;
  /** 1-based part number of a split text (1 otherwise). */
  part: number;
  /** How many parts its text was split into (1 otherwise). */
  parts: number;
  /** The idempotency key of the `send()` it belongs to, when one was given. */
  idempotencyKey?: string;
  /** The `client_id` it was (or will be) sent with. */
  clientId: string;
  /** The server's message id (exact decimal string) once accepted. */
  serverMessageId?: string;
  /** The server's `ret` of the last attempt that failed (e.g. `-2`, `-14`). */
  ret?: number;
  /** The server's `errmsg` of the last attempt that failed (often empty). */
  errmsg?: string;
  /** Why it is queued, rejected or unknown, in words (no secrets). */
  reason?: string;
  /** Why it is queued, rejected or unknown, as a code. */
  cause?: DeliveryCause;
  /** `sendmessage` calls made for it so far. */
  attempts: number;
  /** When it was recorded (database clock). */
  createdAt: Date;
  /** When its state last changed (database clock). */
  updatedAt: Date;
  /** When a queued record expires. */
  expiresAt?: Date;
}

/** The send ledger of one (account, user): the reply window and quota. */
export interface UserLedger {
  /** The bot account. */
  accountId: string;
  /** The WeChat user. */
  userId: string;
  /** Whether a context token is stored. */
  hasContextToken: boolean;
  /** When the user's last message arrived. */
  receivedAt?: Date;
  /** When the reply window (`send.windowMs`) closes (null without a token). */
  windowClosesAt: Date | null;
  /** Reply slots claimed under the current context token (the quota once the server refused it). */
  repliesUsed: number;
  /** Replies left for the current context token (0 when the window is closed). */
  remaining: number;
  /** Messages waiting in the outbox for this user. */
  queued: number;
  /** Until when the account's `ret -2` breaker is open, when it is. */
  breakerOpenUntil?: Date;
}
