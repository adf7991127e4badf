/**
 * Runs `start` in the suite's `beforeAll` and the result's `close()` in its `afterAll`; answers an
 * object that gets the result's fields once `beforeAll` has run (so a suite can hold it in a
 * `const` at the top of its `describe`).
 */
export function useHooked<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const holder = {} as T;
  beforeAll(async () => {
    Object.assign(holder, await start());
  });
  afterAll(async () => {
    await holder.close?.();
  });
  return holder;
}
