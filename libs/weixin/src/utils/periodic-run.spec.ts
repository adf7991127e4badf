import { performance } from 'node:perf_hooks';
import { PeriodicRun } from './periodic-run.js';

/**
 * Records when each run started, relative to the test's start, and lets a test wait for the
 * n-th run instead of guessing how long the timers take on a loaded machine.
 */
class RunLog {
  readonly starts: number[] = [];
  private readonly t0 = performance.now();
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  record(): void {
    this.starts.push(performance.now() - this.t0);
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
  // Node may fire a timer up to 1 ms before its delay, measured with `performance.now()`.
  const SLACK_MS = 1;

  it('runs at once when asked, then every interval after the previous run settled, until stopped', async () => {
    const log = new RunLog();
    let release!: () => void;
    const run = new PeriodicRun(
      () =>
        new Promise<void>((resolve) => {
          log.record();
          release = resolve;
        }),
      () => 20,
    );
    const t0 = performance.now();
    run.start(true);
    expect(log.starts).toHaveLength(1);
    await tick(60);
    // The first run has not settled: no second run overlaps it, however long it takes.
    expect(log.starts).toHaveLength(1);
    const settledAt = performance.now();
    release();
    await log.reached(2);
    // The second run waited one interval after the first one settled.
    expect(t0 + log.starts[1]).toBeGreaterThanOrEqual(settledAt + 20 - SLACK_MS);
    const stopped = run.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await tick(10);
    expect(done).toBe(false); // waits for the run in progress
    release();
    await stopped;
    expect(done).toBe(true);
    // Stopped: three intervals later there is still no third run.
    await tick(60);
    expect(log.starts).toHaveLength(2);
  });

  it('without `now` waits one interval, and a failed run does not stop the schedule', async () => {
    const log = new RunLog();
    const run = new PeriodicRun(
      async () => {
        log.record();
        throw new Error('boom');
      },
      () => 15,
    );
    run.start();
    expect(log.starts).toHaveLength(0);
    // The first run failed; the second still comes (an unhandled rejection would fail the test).
    await log.reached(2);
    await run.stop();
    expect(log.starts[0]).toBeGreaterThanOrEqual(15 - SLACK_MS);
    expect(log.starts[1] - log.starts[0]).toBeGreaterThanOrEqual(15 - SLACK_MS);
  });
});
