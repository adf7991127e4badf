import type { DeliveryCause } from '../../interfaces/outbound.types.js';
import type { IlinkApiError } from '../../client/index.js';
import type { DeliveryOutcome } from '../ledger/delivery.records.js';

/** A `queued` outcome, with the server's `ret`/`errmsg` when `err` carries them. */
export function queued(
  reason: string,
  cause: DeliveryCause,
  err: IlinkApiError | undefined,
  attempted: boolean,
): DeliveryOutcome {
  const outcome: DeliveryOutcome = { state: 'queued', reason, cause, attempted };
  if (err?.ret !== undefined) outcome.ret = err.ret;
  if (err?.errmsg) outcome.errmsg = err.errmsg;
  return outcome;
}

/** An `unknown` outcome after a transport failure (the message may have reached the server). */
export function unknown(reason: string): DeliveryOutcome {
  return { state: 'unknown', reason, cause: 'transport', attempted: true };
}

/** The message of an error, for reasons and logs. */
export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
