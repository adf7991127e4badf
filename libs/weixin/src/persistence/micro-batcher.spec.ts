import { MicroBatcher } from './micro-batcher.js';

/** A batch function that records its batches and doubles every input. */
function doubler(): { batches: number[][]; run: (inputs: number[]) => Promise<number[]> } {
  const batches: number[][] = [];
  return {
    batches,
    run: async (inputs) => {
      batches.push(inputs);
      return inputs.map((n) => n * 2);
    },
  };
}

describe('MicroBatcher', () => {
  it('runs the inputs of one tick as one batch and answers each caller its own output', async () => {
    const d = doubler();
    const batcher = new MicroBatcher(d.run);
    const outs = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(outs).toEqual([2, 4, 6]);
    expect(d.batches).toEqual([[1, 2, 3]]);
  });

  it('runs up to `concurrency` batches at once, never two inputs of one key at once', async () => {
    const batches: string[][] = [];
    const gates: (() => void)[] = [];
    const batcher = new MicroBatcher<string, string>(
      async (inputs) => {
        batches.push(inputs);
        await new Promise<void>((r) => gates.push(r));
        return inputs;
      },
      { concurrency: 2, maxBatch: 2, keyOf: (s) => s[0]! },
    );
    const tick = () => new Promise((r) => setImmediate(r));
    const outs = ['a1', 'b1', 'a2', 'c1', 'd1'].map((s) => batcher.add(s));
    await tick();
    await tick();
    // [a1, b1] runs; a2 waits for a1's batch, so the second batch takes c1 and d1.
    expect(batches).toEqual([
      ['a1', 'b1'],
      ['c1', 'd1'],
    ]);
    gates.shift()!();
    await outs[0];
    await tick();
    expect(batches).toEqual([['a1', 'b1'], ['c1', 'd1'], ['a2']]);
    gates.splice(0).forEach((open) => open());
    await tick();
    gates.splice(0).forEach((open) => open());
    expect(await Promise.all(outs)).toEqual(['a1', 'b1', 'a2', 'c1', 'd1']);
  });

  it('runs one batch at a time; what arrives meanwhile forms the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new MicroBatcher<number, number>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await gate;
      return inputs;
    });
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [batcher.add(2), batcher.add(3)];
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('never puts two inputs with the same key in one batch, keeping their order', async () => {
    const batches: string[][] = [];
    const batcher = new MicroBatcher<string, string>(
      async (inputs) => {
        batches.push(inputs);
        return inputs;
      },
      { keyOf: (s) => s[0]! },
    );
    await Promise.all(['a1', 'b1', 'a2', 'a3', 'c1'].map((s) => batcher.add(s)));
    expect(batches).toEqual([['a1', 'b1', 'c1'], ['a2'], ['a3']]);
  });

  it('shares a burst among the batches that can start when spreadFrom is set', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const gated = async (inputs: number[]) => {
      batches.push(inputs);
      await new Promise<void>((r) => gates.push(r));
      return inputs;
    };
    const tick = () => new Promise((r) => setImmediate(r));
    const spread = new MicroBatcher<number, number>(gated, {
      concurrency: 2,
      maxBatch: 64,
      spreadFrom: 4,
    });
    const outs = [1, 2, 3, 4, 5].map((n) => spread.add(n));
    await tick();
    await tick();
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    // With one batch running, the one slot left takes everything (up to maxBatch).
    const more = [6, 7, 8, 9].map((n) => spread.add(n));
    gates.shift()!();
    await Promise.all(outs.slice(0, 3));
    await tick();
    expect(batches[2]).toEqual([6, 7, 8, 9]);
    // Fewer than spreadFrom waiting: one batch.
    gates.splice(0).forEach((open) => open());
    await Promise.all([...outs, ...more]);
    const few = [10, 11, 12].map((n) => spread.add(n));
    await tick();
    await tick();
    expect(batches[3]).toEqual([10, 11, 12]);
    expect(batches).toHaveLength(4);
    gates.splice(0).forEach((open) => open());
    expect(await Promise.all([...outs, ...more, ...few])).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
  });

  it('splits at maxBatch', async () => {
    const d = doubler();
    const batcher = new MicroBatcher(d.run, { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(d.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (inputs) => {
      if (fail) throw new Error('statement failed');
      return inputs;
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('statement failed'));
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });

  it('rejects every caller when the batch function throws synchronously', async () => {
    const batcher = new MicroBatcher<number, number>(() => {
      throw new Error('bad batch');
    });
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('bad batch');
  });

  it('rejects every caller when the batch answers a wrong number of outputs', async () => {
    const batcher = new MicroBatcher<number, number>(async () => [1]);
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('rejects only the caller whose key cannot be computed', async () => {
    const batcher = new MicroBatcher<string | null, string | null>(async (inputs) => inputs, {
      keyOf: (s) => s!.toUpperCase(),
    });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add(null)]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(results[1]!.status).toBe('rejected');
  });

  it('rejects the callers of a batch that hangs past timeoutMs and runs the next batch', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      (inputs) => {
        calls.push(inputs);
        return calls.length === 1
          ? new Promise<number[]>(() => undefined)
          : Promise.resolve(inputs);
      },
      { timeoutMs: 20 },
    );
    await expect(batcher.add(1)).rejects.toThrow(/did not finish within 20 ms/u);
    await expect(batcher.add(2)).resolves.toBe(2);
    expect(calls).toEqual([[1], [2]]);
  });
});
