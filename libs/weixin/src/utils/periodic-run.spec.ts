import { PeriodicRun } from './periodic-run.js';

describe('PeriodicRun', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs at once when asked, then every interval after the previous run settled, until stopped', async () => {
    const starts: number[] = [];
    let release!: () => void;
    const t0 = Date.now();
    const run = new PeriodicRun(
      () =>
        new Promise<void>((resolve) => {
          starts.push(Date.now() - t0);
          release = resolve;
        }),
      () => 20,
    );
    run.start(true);
    expect(starts).toHaveLength(1);
    await tick(60);
    // The first run has not settled: no second run overlaps it.
    expect(starts).toHaveLength(1);
    release();
    await tick(50);
    expect(starts).toHaveLength(2);
    const stopped = run.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await tick(10);
    expect(done).toBe(false); // waits for the run in progress
    release();
    await stopped;
    await tick(60);
    expect(starts).toHaveLength(2);
  });

  it('without `now` waits one interval, and a failed run does not stop the schedule', async () => {
    let runs = 0;
    const run = new PeriodicRun(
      async () => {
        runs += 1;
        throw new Error('boom');
      },
      () => 15,
    );
    run.start();
    expect(runs).toBe(0);
    await tick(70);
    expect(runs).toBeGreaterThanOrEqual(2);
    await run.stop();
  });
});
