/**
 * A wait for the verify code of a QR login: it ends when a code is said to be waiting
 * (`wake()`, from a submit through this replica or a sync with the others) or the login aborts.
 */
export class VerifyCodeWaiter {
  private waiter?: () => void;

  /** Resolves at the next `wake()` or when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.waiter = undefined;
        resolve();
      };
      this.waiter = done;
      signal.addEventListener('abort', done);
    });
  }

  /** Ends the wait in progress, if any. */
  wake(): void {
    this.waiter?.();
  }
}
