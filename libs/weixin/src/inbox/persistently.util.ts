import type { Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import { abortableSleep } from '../utils/abortable-sleep.js';

/**
 * Retries a bookkeeping write with back-off (0.1 s doubling to 5 s) while the database is
 * unreachable, holding the user's queue so order is kept; gives up only when `signal` aborts
 * (shutdown), leaving the row pending.
 */
export async function persistently<T>(
  what: string,
  write: () => Promise<T>,
  signal: AbortSignal,
  logger: Logger,
): Promise<T> {
  for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await write();
    } catch (err) {
      if (signal.aborted) throw err;
      logger.warn(`could not ${what}, retrying in ${delay} ms: ${describeError(err)}`);
      await abortableSleep(delay, signal);
    }
  }
}
