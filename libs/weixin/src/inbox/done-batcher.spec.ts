import { DoneBatcher, type DoneMark } from './done-batcher.js';

/** A write whose statements end when the test says so; answers every id as marked. */
function controlledWrite() {
  const batches: string[][] = [];
  const ends: { resolve(): void; reject(err: unknown): void }[] = [];
  const write = (marks: DoneMark[]): Promise<Set<string>> => {
    batches.push(marks.map((m) => m.id));
    return new Promise<Set<string>>((resolve, reject) => {
      ends.push({ resolve: () => resolve(new Set(marks.map((m) => m.id))), reject });
    });
  };
  return { batches, ends, write };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const mark = (id: string): DoneMark => ({ id, epoch: '1' });

describe('DoneBatcher', () => {
  it('writes the marks of one event-loop turn in one statement', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write);
    const done = [batcher.add(mark('1')), batcher.add(mark('2'))];
    await turn();
    expect(w.batches).toEqual([['1', '2']]);
    w.ends[0]!.resolve();
    await expect(Promise.all(done)).resolves.toEqual([true, true]);
  });

  it('sends the marks made by the continuations of a written batch with those that waited for it', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write);
    // A user's next message is marked a few promise hops after its previous one was.
    const next = batcher.add(mark('a1')).then(async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      return batcher.add(mark('a2'));
    });
    await turn();
    // Added while the first statement is in flight, and waiting for it a whole turn.
    const waited = batcher.add(mark('b1'));
    await turn();
    expect(w.batches).toEqual([['a1']]);
    w.ends[0]!.resolve();
    await turn();
    await turn();
    expect(w.batches).toEqual([['a1'], ['b1', 'a2']]);
    w.ends[1]!.resolve();
    await expect(Promise.all([next, waited])).resolves.toEqual([true, true]);
  });

  it('writes at once when a batch is full and nothing is in flight', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write, 2);
    void batcher.add(mark('1'));
    void batcher.add(mark('2'));
    await Promise.resolve();
    expect(w.batches).toEqual([['1', '2']]);
  });

  it('rejects the marks of a failed statement and still writes the later ones', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write);
    const failed = batcher.add(mark('1'));
    await turn();
    const later = batcher.add(mark('2'));
    w.ends[0]!.reject(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await turn();
    expect(w.batches).toEqual([['1'], ['2']]);
    w.ends[1]!.resolve();
    await expect(later).resolves.toBe(true);
  });

  it('flush() waits for the statement in flight, then writes what is left', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write);
    void batcher.add(mark('1'));
    await turn();
    void batcher.add(mark('2'));
    const flushed = batcher.flush();
    w.ends[0]!.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.batches).toEqual([['1'], ['2']]);
    w.ends[1]!.resolve();
    await flushed;
  });

  it('answers false for a row the statement did not mark', async () => {
    const batcher = new DoneBatcher(() => Promise.resolve(new Set(['1'])));
    await expect(Promise.all([batcher.add(mark('1')), batcher.add(mark('2'))])).resolves.toEqual([
      true,
      false,
    ]);
  });

  it('join() answers one outcome per statement, shared by its marks', async () => {
    const w = controlledWrite();
    const batcher = new DoneBatcher(w.write);
    const first = batcher.join(mark('1'));
    const second = batcher.join(mark('2'));
    expect(second).toBe(first);
    await turn();
    const later = batcher.join(mark('3'));
    expect(later).not.toBe(first);
    w.ends[0]!.resolve();
    await expect(first).resolves.toEqual(new Set(['1', '2']));
    await turn();
    expect(w.batches).toEqual([['1', '2'], ['3']]);
    w.ends[1]!.reject(new Error('connection lost'));
    await expect(later).rejects.toThrow('connection lost');
  });
});
