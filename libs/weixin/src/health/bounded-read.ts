import { redactSecrets } from '../errors/redact-secrets.js';

/** A read that answered, or why it did not. */
export type BoundedRead<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Waits for `work` at most `timeoutMs`: answers its value, or the reason it failed or did not
 * answer in time (a database that is down, reset or blackholed). Never rejects, and a late
 * failure of `work` is absorbed, not left unhandled.
 */
export async function readWithin<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<BoundedRead<T>> {
  const settled = work.then(
    (value): BoundedRead<T> => ({ ok: true, value }),
    (error: unknown): BoundedRead<T> => {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: `${what} failed: ${redactSecrets(message)}` };
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<BoundedRead<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `${what} did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
