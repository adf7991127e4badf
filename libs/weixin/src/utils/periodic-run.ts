/**
 * Runs `task` every `intervalMs` from `start()` to `stop()`, one run at a time: the next run is
 * scheduled when the previous one settled. The timer does not keep the process alive. The task
 * reports its own failures: a rejection is dropped (never an unhandled rejection) and the
 * schedule goes on.
 */
export class PeriodicRun {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly intervalMs: () => number,
  ) {}

  /** Starts the timer; with `now`, runs the task at once too (without waiting for it). */
  start(now = false): void {
    this.stopped = false;
    if (now) this.running = this.runOnce();
    else this.schedule();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private runOnce(): Promise<unknown> {
    return this.task()
      .catch(() => undefined)
      .finally(() => this.schedule());
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
    }, this.intervalMs());
    this.timer.unref();
  }
}
