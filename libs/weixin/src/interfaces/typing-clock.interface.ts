/** A pending timer of a {@link TypingClock}. */
export interface TypingTimer {
  /** Cancels the timer; calling it after it fired does nothing. */
  cancel(): void;
}

/**
 * The time source and timers of typing indicators and typing channels. The default is the system
 * clock; a test passes a manual clock (`ManualClock` of `nestjs-weixin/testing`) shared with the
 * fakes of the typing APIs, so minutes of typing run in milliseconds and deterministically.
 */
export interface TypingClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds; never keeps the process alive. */
  setTimeout(fn: () => void, ms: number): TypingTimer;
}
