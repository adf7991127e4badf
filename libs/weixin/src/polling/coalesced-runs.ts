import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs a piece of work (a lease round) on request, coalescing the requests: one made while
 * nothing runs starts a run at once; those made while a run is in progress or queued all share
 * one following run, which starts `gapMs` after the running one ended, so a burst of requests
 * (accounts added one by one) costs a few runs, not one each. Every request resolves after a
 * run that started after it was made.
 */
export class CoalescedRuns {
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private count = 0;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly gapMs: number,
  ) {}

  /** How many runs started so far. */
  get started(): number {
    return this.count;
  }

  /** Starts a run, or joins the one queued after the run in progress. */
  request(): Promise<void> {
    if (this.queued) return this.queued;
    const running = this.running;
    if (!running) return this.begin();
    const queued = running
      .catch(() => undefined)
      .then(() => sleep(this.gapMs))
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

  private begin(): Promise<void> {
    this.count += 1;
    const run: Promise<void> = this.work().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
