import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '../../../ilink-simulator/src/testing/until.js';
import { CoalescedRuns } from './coalesced-runs.js';

/** Work that records when each run started and what it saw, and ends when told to. */
function recorder() {
  const seen: number[][] = [];
  let requested: number[] = [];
  const ends: (() => void)[] = [];
  const work = async () => {
    seen.push([...requested]);
    await new Promise<void>((resolve) => ends.push(resolve));
  };
  return {
    seen,
    ends,
    request: (id: number) => (requested = [...requested, id]),
    work,
  };
}

describe('CoalescedRuns', () => {
  it('starts a run at once when none runs, and resolves after it', async () => {
    const r = recorder();
    const runs = new CoalescedRuns(r.work, { quietMs: 5, maxWaitMs: 50 });
    r.request(1);
    let done = false;
    const first = runs.request().then(() => (done = true));
    expect(runs.started).toBe(1);
    await sleep(1);
    expect(done).toBe(false);
    r.ends.shift()!();
    await first;
    expect(r.seen).toEqual([[1]]);
  });

  it('gathers the requests made during a run into one following run that sees them all', async () => {
    const r = recorder();
    const runs = new CoalescedRuns(r.work, { quietMs: 5, maxWaitMs: 1_000 });
    r.request(1);
    const first = runs.request();
    const later: Promise<void>[] = [];
    for (let id = 2; id <= 50; id++) {
      r.request(id);
      later.push(runs.request());
    }
    expect(runs.started).toBe(1);
    r.ends.shift()!();
    await first;
    // The following run waits for the requests to pause, then runs once for all of them.
    await until(() => runs.started === 2, 1);
    expect(r.seen[1]).toHaveLength(50);
    r.ends.shift()!();
    await Promise.all(later);
    expect(runs.started).toBe(2);
  });

  it('starts the following run at most maxWaitMs after its first request, while requests go on', async () => {
    const r = recorder();
    const runs = new CoalescedRuns(r.work, { quietMs: 30, maxWaitMs: 60 });
    void runs.request();
    r.ends.shift()!();
    void runs.request();
    const t0 = Date.now();
    // A request every 10 ms never leaves 30 ms of quiet.
    while (runs.started < 2 && Date.now() - t0 < 1_000) {
      void runs.request();
      await sleep(10);
    }
    expect(runs.started).toBe(2);
    expect(Date.now() - t0).toBeLessThan(500);
    r.ends.splice(0).forEach((end) => end());
    await runs.idle();
  });

  it('idle() waits for the queued run too', async () => {
    const r = recorder();
    const runs = new CoalescedRuns(r.work, { quietMs: 5, maxWaitMs: 50 });
    void runs.request();
    void runs.request();
    let idle = false;
    const waiting = runs.idle().then(() => (idle = true));
    r.ends.shift()!();
    await until(() => runs.started === 2, 1);
    expect(idle).toBe(false);
    r.ends.shift()!();
    await waiting;
  });
});
