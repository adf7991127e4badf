import { TICKET_RETRY_INITIAL_MS, TICKET_RETRY_MAX_MS } from './typing.constants.js';

/** Delay before the next `getconfig` after `failures` failures in a row: 2 s doubling to 1 h. */
export function ticketRetryDelayMs(failures: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(TICKET_RETRY_INITIAL_MS * 2 ** exponent, TICKET_RETRY_MAX_MS);
}
