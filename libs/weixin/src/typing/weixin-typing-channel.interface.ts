/**
 * A way to show "typing…" to a user of an account. `TypingService` decides when to call it (one
 * `start` when the first lease begins, `keepAlive` every `keepAliveMs`, `stop` at the end); the
 * channel only talks to its API. iLink is the default; others (WeChat customer service,
 * WhatsApp through NXCloud) plug in with `TypingService.registerChannel()`.
 *
 * A method may throw: the service logs the error and goes on. A channel without a cancel call
 * (WhatsApp) implements `stop` as a no-op; one that rejects a repeated start (customer service)
 * implements `keepAlive` as a no-op.
 */
export interface WeixinTypingChannel {
  /** Unique channel name, e.g. `ilink`. */
  readonly name: string;
  /** Shows the indicator. */
  start(accountId: string, userId: string): Promise<void>;
  /** Keeps a shown indicator alive. */
  keepAlive(accountId: string, userId: string): Promise<void>;
  /** Hides the indicator. */
  stop(accountId: string, userId: string): Promise<void>;
}
