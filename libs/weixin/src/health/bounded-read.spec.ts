import { readWithin } from './bounded-read.js';

describe('readWithin', () => {
  it('answers the value of a read that answers', async () => {
    await expect(readWithin(Promise.resolve(7), 1_000, 'the read')).resolves.toEqual({
      ok: true,
      value: 7,
    });
  });

  it('answers the reason of a read that fails, without rejecting', async () => {
    const failed = Promise.reject(new Error('Connection terminated unexpectedly'));
    await expect(readWithin(failed, 1_000, 'the read')).resolves.toEqual({
      ok: false,
      reason: 'the read failed: Connection terminated unexpectedly',
    });
  });

  it('answers when a read never answers', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(readWithin(never, 20, 'the read')).resolves.toEqual({
      ok: false,
      reason: 'the read did not answer within 20 ms',
    });
  });
});
