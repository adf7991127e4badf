import type { TypingPhase } from './typing-indicator.js';

/** Options of `TypingService.start()` and `withTyping()`. */
export interface TypingStartOptions {
  /**
   * Longest time this lease holds the indicator; then it ends as if stopped.
   * @default the module's `typing.maxDurationMs`
   */
  durationMs?: number;
  /**
   * Delay before status 1 when this lease is the first; if every lease ends sooner, nothing is sent.
   * @default the module's `typing.graceMs`
   */
  graceMs?: number;
}

/** A user's typing indicator as `TypingService.state()` reports it (no ticket, no token). */
export interface WeixinTypingState {
  accountId: string;
  userId: string;
  /** The channel the account uses. */
  channel: string;
  /** `idle`, `grace` (waiting to show), `typing` (shown), `paused` (cancelled by a reply). */
  phase: TypingPhase;
  /** Leases held. */
  leases: number;
  /** When the first held lease started. */
  since?: Date;
  /** When the last channel call started. */
  lastSentAt?: Date;
  /** The last failed channel call: the error's `code` and redacted text. */
  lastError?: { code: string; message: string; at: Date };
  /** The iLink ticket: when fetched and when it expires; failures and back-off of `getconfig`. */
  ticket: {
    fetchedAt?: Date;
    expiresAt?: Date;
    failures: number;
    retryAt?: Date;
  };
}

/** Counts of `TypingService` (for metrics and shutdown checks). */
export interface WeixinTypingStats {
  /** Users with a lease or a call in flight. */
  indicators: number;
  /** Leases held. */
  leases: number;
  /** Pending timers; 0 after shutdown. */
  timers: number;
  /** Channel calls queued or running. */
  pendingCalls: number;
}
