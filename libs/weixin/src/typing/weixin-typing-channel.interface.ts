/**
 * Who a typing indicator is shown to, on its channel. On iLink `accountId` is the bot and
 * `userId` the WeChat user; on a configured channel `accountId` is the channel's name (there is
 * one app per channel) and `userId` the OpenID (customer service) or the WhatsApp user
 * (NXCloud). `messageId` is the id of the user's incoming message that the typing answers
 * (NXCloud needs it; the other channels ignore it).
 */
export interface TypingAddressee {
  /** The channel name. */
  readonly channel: string;
  /** The bot account (iLink) or the channel name. */
  readonly accountId: string;
  /** The user on that channel. */
  readonly userId: string;
  /** The user's incoming message the typing answers (NXCloud). */
  readonly messageId?: string;
}

/**
 * A way to show "typing…" to a user. `TypingService` decides when to call it (one `start` when
 * the first lease begins, `keepAlive` every `keepAliveMs`, `stop` at the end); the channel only
 * talks to its API and enforces its platform's rules before any request. iLink is the default;
 * WeChat customer service and WhatsApp through NXCloud are configured with the module's
 * `typing.channels`; others plug in with `TypingService.registerChannel()`.
 *
 * A method may throw: the service logs the error, records it in `state().lastError` and goes on.
 * A channel without a cancel call (WhatsApp) implements `stop` as a no-op; one that rejects a
 * repeated start (customer service) makes `keepAlive` send only when the platform allows it.
 */
export interface WeixinTypingChannel {
  /** Unique channel name, e.g. `ilink`. */
  readonly name: string;
  /** How often the service calls `keepAlive` (default: the module's `typing.keepAliveMs`). */
  readonly keepAliveMs?: number;
  /**
   * Throws the channel's typed error when the platform would refuse typing to `to` now (e.g.
   * no message from the user in the last 30 s); `TypingService.start()` then throws it and
   * sends nothing.
   */
  check?(to: TypingAddressee): void;
  /** The user wrote at `at` (ms): for channels whose rules depend on it (customer service). */
  userInteracted?(userId: string, at?: number): void;
  /** The app's message reached the user: the platform hid the indicator (no request). */
  messageSent?(userId: string): void;
  /** Shows the indicator. */
  start(accountId: string, userId: string, to: TypingAddressee): Promise<void>;
  /** Keeps a shown indicator alive. */
  keepAlive(accountId: string, userId: string, to: TypingAddressee): Promise<void>;
  /** Hides the indicator. */
  stop(accountId: string, userId: string, to: TypingAddressee): Promise<void>;
}
