import { setTimeout as sleep } from 'node:timers/promises';

/** How requests made while a run is in progress are gathered into the run that follows it. */
export interface CoalescingWindow {
  /** The following run starts once no request came for this long (after the running one ended). */
  quietMs: number;
  /** …or once this long passed since the first request it gathers, while requests keep coming. */
  maxWaitMs: number;
}

/**
 * Runs a piece of work (a lease round) on request, coalescing the requests: one made while
 * nothing runs or waits starts a run at once; those made while a run is in progress or queued
 * all share one following run, which starts after the running one ended, once the requests
 * paused for `quietMs` (at most `maxWaitMs` after the first of them). So a burst of requests
 * (accounts added one by one) costs a few runs, not one each, and every request resolves after
 * a run that started after it was made.
 */
export class CoalescedRuns {
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private lastRequestAt = 0;
  private count = 0;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly window: CoalescingWindow,
  ) {}

  /** How many runs started so far. */
  get started(): number {
    return this.count;
  }

  /** Starts a run, or joins the one queued after the run in progress. */
  request(): Promise<void> {
    this.lastRequestAt = Date.now();
    if (this.queued) return this.queued;
    const running = this.running;
    if (!running) return this.begin();
    const queuedAt = this.lastRequestAt;
    const queued = running
      .catch(() => undefined)
      .then(() => this.gather(queuedAt))
      .then(() => {
        this.queued = undefined;
        return this.begin();
      });
    this.queued = queued;
    return queued;
  }

  /** Resolves when the run in progress and the one queued (if any) ended. */
  async idle(): Promise<void> {
    await (this.queued ?? this.running)?.catch(() => undefined);
  }

  /** Waits until the requests paused for `quietMs`, or `maxWaitMs` passed since `queuedAt`. */
  private async gather(queuedAt: number): Promise<void> {
    const { quietMs, maxWaitMs } = this.window;
    for (;;) {
      const wait = Math.min(this.lastRequestAt + quietMs, queuedAt + maxWaitMs) - Date.now();
      if (wait <= 0) return;
      await sleep(wait);
    }
  }

  private begin(): Promise<void> {
    this.count += 1;
    const run: Promise<void> = this.work().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
