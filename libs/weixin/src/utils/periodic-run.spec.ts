import { performance } from 'node:perf_hooks';
import { PeriodicRun } from './periodic-run.js';

/** Records when each run started and lets a test wait for the n-th run instead of a fixed time. */
class RunLog {
  /** `performance.now()` at each run's start. */
  readonly starts: number[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  record(): void {
    this.starts.push(performance.now());
    const due = this.waiters.filter((w) => this.starts.length >= w.n);
    this.waiters = this.waiters.filter((w) => this.starts.length < w.n);
    for (const w of due) w.resolve();
  }

  /** Resolves once `n` runs have started. */
  reached(n: number): Promise<void> {
    if (this.starts.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}

describe('PeriodicRun', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const INTERVAL_MS = 100;
  // A timer counts from the event loop's cached clock, which a busy machine can leave some
  // milliseconds behind: a wait is checked to be at least half an interval, which no run
  // scheduled without a wait reaches.
  const WAITED_MS = INTERVAL_MS / 2;

  it('runs at once when asked, then every interval after the previous run settled, until stopped', async () => {
    const log = new RunLog();
    let release!: () => void;
    const run = new PeriodicRun(
      () =>
        new Promise<void>((resolve) => {
          log.record();
          release = resolve;
        }),
      () => INTERVAL_MS,
    );
    run.start(true);
    expect(log.starts).toHaveLength(1);
    await tick(2.5 * INTERVAL_MS);
    // The first run has not settled: no second run overlaps it, however long it takes.
    expect(log.starts).toHaveLength(1);
    const settledAt = performance.now();
    release();
    await log.reached(2);
    // The second run waited an interval after the first one settled.
    expect(log.starts[1]! - settledAt).toBeGreaterThanOrEqual(WAITED_MS);
    const stopped = run.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await tick(10);
    expect(done).toBe(false); // waits for the run in progress
    release();
    await stopped;
    expect(done).toBe(true);
    // Stopped: intervals later there is still no third run.
    await tick(2.5 * INTERVAL_MS);
    expect(log.starts).toHaveLength(2);
  });

  it('without `now` waits one interval, and a failed run does not stop the schedule', async () => {
    const log = new RunLog();
    const run = new PeriodicRun(
      async () => {
        log.record();
        throw new Error('boom');
      },
      () => INTERVAL_MS,
    );
    const startedAt = performance.now();
    run.start();
    expect(log.starts).toHaveLength(0);
    // The first run failed; the second still comes (an unhandled rejection would fail the test).
    await log.reached(2);
    await run.stop();
    expect(log.starts[0]! - startedAt).toBeGreaterThanOrEqual(WAITED_MS);
    expect(log.starts[1]! - log.starts[0]!).toBeGreaterThanOrEqual(WAITED_MS);
  });
});
