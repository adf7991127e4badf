import { performance } from 'node:perf_hooks';
import { until } from '../../../ilink-simulator/src/testing/until.js';
import { PeriodicRun } from './periodic-run.js';

describe('PeriodicRun', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const INTERVAL_MS = 100;
  // A timer counts from the event loop's cached clock, which a busy machine can leave some
  // milliseconds behind: a wait is checked to be at least half an interval, which no run
  // scheduled without a wait reaches.
  const WAITED_MS = INTERVAL_MS / 2;

  it('runs at once when asked, then every interval after the previous run settled, until stopped', async () => {
    const starts: number[] = []; // performance.now() at each run's start
    let release!: () => void;
    const run = new PeriodicRun(
      () =>
        new Promise<void>((resolve) => {
          starts.push(performance.now());
          release = resolve;
        }),
      () => INTERVAL_MS,
    );
    run.start(true);
    expect(starts).toHaveLength(1);
    await tick(2.5 * INTERVAL_MS);
    // The first run has not settled: no second run overlaps it, however long it takes.
    expect(starts).toHaveLength(1);
    const settledAt = performance.now();
    release();
    await until(() => starts.length >= 2, 1);
    // The second run waited an interval after the first one settled.
    expect(starts[1]! - settledAt).toBeGreaterThanOrEqual(WAITED_MS);
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
    expect(starts).toHaveLength(2);
  });

  it('without `now` waits one interval, and a failed run does not stop the schedule', async () => {
    const starts: number[] = []; // performance.now() at each run's start
    const run = new PeriodicRun(
      async () => {
        starts.push(performance.now());
        throw new Error('boom');
      },
      () => INTERVAL_MS,
    );
    const startedAt = performance.now();
    run.start();
    expect(starts).toHaveLength(0);
    // The first run failed; the second still comes (an unhandled rejection would fail the test).
    await until(() => starts.length >= 2, 1);
    await run.stop();
    expect(starts[0]! - startedAt).toBeGreaterThanOrEqual(WAITED_MS);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(WAITED_MS);
  });
});
