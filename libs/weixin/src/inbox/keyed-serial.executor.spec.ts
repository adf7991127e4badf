import { KeyedSerialExecutor } from './keyed-serial.executor.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets queued promise callbacks and the tasks they start run. */
const settle = () => sleep(0);

describe('KeyedSerialExecutor', () => {
  it('runs each key in submission order, one at a time, under random durations', async () => {
    const executor = new KeyedSerialExecutor(4);
    const next = random(7);
    const finished = new Map<string, number[]>();
    const running = new Map<string, number>();
    let overlaps = 0;
    const results: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) {
      for (let k = 0; k < 10; k++) {
        const key = `user-${k}`;
        const delay = Math.floor(next() * 6);
        results.push(
          executor.run(key, async () => {
            running.set(key, (running.get(key) ?? 0) + 1);
            if (running.get(key)! > 1) overlaps++;
            await sleep(delay);
            running.set(key, running.get(key)! - 1);
            finished.set(key, [...(finished.get(key) ?? []), i]);
            return i;
          }),
        );
      }
    }
    const values = await Promise.all(results);
    expect(overlaps).toBe(0);
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    for (let k = 0; k < 10; k++) expect(finished.get(`user-${k}`)).toEqual(inOrder);
    expect(values).toEqual(inOrder.flatMap((i) => Array<number>(10).fill(i)));
  });

  it('never runs more than `concurrency` tasks at once, and reaches that bound', async () => {
    const executor = new KeyedSerialExecutor(5);
    let inFlight = 0;
    let maxInFlight = 0;
    const next = random(11);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        executor.run(`key-${i % 37}`, async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(Math.floor(next() * 3));
          inFlight--;
        }),
      ),
    );
    expect(maxInFlight).toBe(5);
  });

  it('gives a waiting key its turn before the next task of a busy key', async () => {
    const executor = new KeyedSerialExecutor(1);
    const order: string[] = [];
    const task = (name: string) => () => {
      order.push(name);
      return Promise.resolve();
    };
    const all = [
      ...[0, 1, 2, 3].map((i) => executor.run('a', task(`a${i}`))),
      ...[0, 1, 2].map((i) => executor.run('b', task(`b${i}`))),
      executor.run('c', task('c0')),
    ];
    await Promise.all(all);
    expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('runs the next task of a key after one fails', async () => {
    const executor = new KeyedSerialExecutor(2);
    const failing = executor.run('a', () => Promise.reject(new Error('first failed')));
    const throwing = executor.run('a', () => {
      throw new Error('thrown synchronously');
    });
    const next = executor.run('a', () => Promise.resolve('second ran'));
    await expect(failing).rejects.toThrow('first failed');
    await expect(throwing).rejects.toThrow('thrown synchronously');
    await expect(next).resolves.toBe('second ran');
  });

  it('enqueue() keeps the order of run() tasks of its key and passes failures to onError', async () => {
    const executor = new KeyedSerialExecutor(4);
    const order: string[] = [];
    const errors: unknown[] = [];
    const gate = deferred();
    const first = executor.run('a', async () => {
      await gate.promise;
      order.push('run 1');
    });
    executor.enqueue(
      'a',
      async () => {
        order.push('enqueued');
        throw new Error('enqueued failed');
      },
      (err) => errors.push(err),
    );
    const last = executor.run('a', async () => {
      order.push('run 2');
    });
    expect(executor.size).toBe(2);
    gate.resolve();
    await Promise.all([first, last]);
    expect(order).toEqual(['run 1', 'enqueued', 'run 2']);
    expect(errors).toEqual([new Error('enqueued failed')]);
    await executor.idle();
  });

  it('counts queued and running tasks and forgets finished keys', async () => {
    const executor = new KeyedSerialExecutor(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const runs = [
      executor.run('a', () => gates[0]!.promise),
      executor.run('a', () => gates[1]!.promise),
      executor.run('b', () => gates[2]!.promise),
      executor.run('c', () => gates[3]!.promise),
    ];
    expect([executor.active, executor.size]).toEqual([2, 2]);
    gates[0]!.resolve();
    await settle();
    // 'c' waited longer than the second task of 'a'.
    expect([executor.active, executor.size]).toEqual([2, 1]);
    gates[2]!.resolve();
    gates[3]!.resolve();
    await settle();
    expect([executor.active, executor.size]).toEqual([1, 0]);
    let idle = false;
    const idled = executor.idle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    gates[1]!.resolve();
    await idled;
    await Promise.all(runs);
    expect([executor.active, executor.size]).toEqual([0, 0]);
    expect((executor as unknown as { keys: Map<string, unknown> }).keys.size).toBe(0);
  });

  it('resolves idle() at once when nothing runs', async () => {
    await expect(new KeyedSerialExecutor(1).idle()).resolves.toBeUndefined();
    await expect(new KeyedSerialExecutor(1).drain(0)).resolves.toBe(true);
  });

  it('answers drain() with false at the timeout and true once everything finished', async () => {
    const executor = new KeyedSerialExecutor(1);
    const gate = deferred();
    const running = executor.run('a', () => gate.promise);
    const queued = executor.run('b', () => Promise.resolve('b ran'));
    await expect(executor.drain(20)).resolves.toBe(false);
    expect([executor.active, executor.size]).toEqual([1, 1]);
    gate.resolve();
    await expect(executor.drain(5_000)).resolves.toBe(true);
    await running;
    await expect(queued).resolves.toBe('b ran');
  });

  it.each([0, -1, 1.5, Number.NaN, '4'])('rejects the concurrency %p', (value) => {
    expect(() => new KeyedSerialExecutor(value as number)).toThrow(WeixinHandlerError);
  });

  it('accepts Infinity as concurrency', async () => {
    const executor = new KeyedSerialExecutor(Infinity);
    const gates = Array.from({ length: 50 }, () => deferred());
    const runs = gates.map((gate, i) => executor.run(`k${i}`, () => gate.promise));
    expect(executor.active).toBe(50);
    gates.forEach((gate) => gate.resolve());
    await Promise.all(runs);
  });

  it('runs many keys concurrently (sanity bound, not a benchmark)', async () => {
    const executor = new KeyedSerialExecutor(64);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => executor.run(`user-${i}`, () => sleep(100))),
    );
    // One at a time this takes 50 s; 8 rounds of 100 ms need 0.8 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
