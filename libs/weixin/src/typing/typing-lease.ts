import type { TypingClock, TypingTimer } from '../interfaces/typing-clock.interface.js';
import { SYSTEM_TYPING_CLOCK } from './typing-clock.js';

/** A hold on a user's "typing…" indicator; the indicator stays while any lease of the user is held. */
export interface TypingLease {
  /** The account. */
  readonly accountId: string;
  /** The user. */
  readonly userId: string;
  /** Whether the lease is still held (not stopped, not past its duration). */
  readonly active: boolean;
  /** When the lease ends by itself. */
  readonly expiresAt: Date;
  /**
   * Ends the lease. When it was the user's last one, resolves after the cancel was sent (typing
   * failures are logged, never thrown). Calling it again does nothing.
   */
  stop(): Promise<void>;
}

/** The lease `TypingService` hands out; its duration timer ends it. */
export class IndicatorLease implements TypingLease {
  readonly expiresAt: Date;
  #timer?: TypingTimer;
  #ended?: Promise<void>;

  /**
   * @param onEnd called once when the lease ends (stop or duration); answers when the cancel is sent
   * @param onExpire called before `onEnd` when the duration ran out
   */
  constructor(
    readonly accountId: string,
    readonly userId: string,
    durationMs: number,
    private readonly onEnd: (lease: IndicatorLease) => Promise<void>,
    onExpire: (lease: IndicatorLease) => void = () => undefined,
    clock: TypingClock = SYSTEM_TYPING_CLOCK,
  ) {
    this.expiresAt = new Date(clock.now() + durationMs);
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      onExpire(this);
      void this.stop();
    }, durationMs);
  }

  get active(): boolean {
    return this.#ended === undefined;
  }

  /** Whether its duration timer is still pending. */
  get hasTimer(): boolean {
    return this.#timer !== undefined;
  }

  stop(): Promise<void> {
    if (this.#ended) return this.#ended;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#ended = this.onEnd(this);
    return this.#ended;
  }
}

/** A lease that holds nothing (typing disabled, or the app is shutting down). */
export class InertLease implements TypingLease {
  readonly active = false;
  readonly expiresAt = new Date();

  constructor(
    readonly accountId: string,
    readonly userId: string,
  ) {}

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
