/**
 * One call's abort signal: fires when the caller's signal aborts or when the deadline passes,
 * and remembers which of the two happened.
 */
export class CallDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private expired = false;
  private readonly onCallerAbort = (): void => this.controller.abort();

  constructor(
    readonly timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    if (callerSignal?.aborted) {
      this.controller.abort();
    } else {
      callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.timer = setTimeout(() => {
        this.expired = true;
        this.controller.abort();
      }, timeoutMs);
      this.timer.unref();
    }
  }

  /** The signal to hand to the request. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the caller's signal aborted (this wins over the deadline). */
  get callerAborted(): boolean {
    return this.callerSignal?.aborted ?? false;
  }

  /** Whether the deadline passed before the caller aborted. */
  get timedOut(): boolean {
    return this.expired && !this.callerAborted;
  }

  /** Stops the deadline timer; the caller's signal still aborts until {@link dispose}. */
  stopTimer(): void {
    clearTimeout(this.timer);
  }

  /** Stops the timer and forgets the caller's signal. */
  dispose(): void {
    this.stopTimer();
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
