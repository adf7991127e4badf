/** The outbound send pipeline: reply window, quota, text limits, outbox and `ret -2` breaker. */
export interface WeixinSendOptions {
  /**
   * Bot messages allowed per context token (each user message issues one; protocol §13).
   * @default 10
   */
  quota?: number;
  /**
   * How long after the user's last message bot messages may be sent. The official text says
   * 24 h, but proactive sends are reported refused (`ret -2` "prepare failed") after about 15 h
   * without user activity, with 11 h looking safe; the bot's own messages do not renew the window
   * (Tencent/openclaw-weixin#309, protocol §13, §18). The default keeps to the evidence: messages
   * are queued rather than refused, and sent when the user writes again. Measured from the user's
   * last message on the database clock.
   * @default 39600000 (11 h)
   */
  windowMs?: number;
  /**
   * Most UTF-8 bytes of one text message; longer texts are split. At most 16 384: the server
   * refuses more (protocol §13).
   * @default 16384
   */
  maxTextBytes?: number;
  /**
   * Most characters (Unicode code points) of one text message: the official client's chunk size,
   * which keeps messages readable on a phone.
   * @default 4000
   */
  maxTextChars?: number;
  /**
   * What happens to the parts of a text that do not fit the replies left.
   * @default 'queue'
   */
  overflow?: 'queue' | 'truncate' | 'reject';
  /**
   * Appended to the last part kept by the `truncate` overflow policy.
   * @default '\n…（truncated）'
   */
  truncationMarker?: string;
  /**
   * Markdown adaptation: `wechat` keeps what current WeChat clients render (fences, inline code,
   * tables, bold, rules — the official client's filter since 2.1.3) and strips H5/H6 markers,
   * image syntax and italics around CJK; `plain` strips all formatting; `none` sends text as is.
   * `wechat` is the default because code and tables stay readable on every current client.
   * @default 'wechat'
   */
  markdown?: 'wechat' | 'plain' | 'none';
  /**
   * Replies of the quota that progress items (`ctx.progress()`, `sendProgress()`) never use: they
   * stay for the handler's answer. A progress item that would use one is not sent (recorded
   * `rejected`, cause `quota`).
   * @default 1
   */
  progressReserve?: number;
  /** The outbox of messages that could not be sent yet. */
  outbox?: {
    /**
     * How long a message may wait in the outbox before it expires (`weixin.delivery.expired`).
     * Three days cover a user who is away over a weekend; older replies have usually lost their
     * context.
     * @default 259200000 (72 h)
     */
    ttlMs?: number;
    /**
     * Replies a flush leaves free under a new context token for the handlers of the message
     * that triggered it.
     * @default 1
     */
    reserve?: number;
    /**
     * How often expired messages are swept and the in-process index of users with queued
     * messages is rebuilt from the database. A message queued by another replica is flushed by
     * this one at the latest on the user's first message after the next sweep.
     * @default 30000
     */
    sweepIntervalMs?: number;
    /**
     * `sendmessage` attempts of a queued message that the server keeps refusing before it is
     * recorded `rejected`.
     * @default 3
     */
    maxAttempts?: number;
  };
  /**
   * The `weixin.window.closing` reminder: emitted once per user and window (by one replica),
   * `beforeMs` before the window (`windowMs` after the user's last message) closes, so an app can
   * prompt the user to write (a new message opens a new window).
   */
  windowReminder?: {
    /**
     * How long before the window closes the event is emitted; `0` turns the reminder off. Must be
     * less than `windowMs`.
     * @default 3600000 (1 h)
     */
    beforeMs?: number;
    /**
     * How often this replica looks for windows about to close (one indexed statement).
     * @default 60000
     */
    intervalMs?: number;
  };
  /** The per-account breaker opened by `ret -2` answers that the ledger does not explain. */
  breaker?: {
    /**
     * How long the breaker stays open after an unexplained `ret -2`.
     * @default 60000
     */
    rejectedMs?: number;
    /**
     * How long the breaker stays open after `ret -2` "rate limited" (reports speak of 30+ min
     * of rejections after a burst, protocol §13).
     * @default 1800000 (30 min)
     */
    rateLimitedMs?: number;
  };
}
