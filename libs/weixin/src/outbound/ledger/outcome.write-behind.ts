import type { Logger } from '@nestjs/common';
import { describeError } from '../../errors/describe-error.js';
import { abortableSleep } from '../../utils/abortable-sleep.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import type { StoredDelivery } from './delivery.records.js';
import { settledRecord, type OutcomeInput } from './send-batch.records.js';

/** Tries of one write behind the send, with doubling pauses from the first (100 ms … 1.6 s). */
const TRIES = 5;
const FIRST_PAUSE_MS = 100;

/**
 * `accepted` outcomes stored behind the send: the caller gets the settled record at once, and
 * the write joins the next batched statement of the send path (usually the user's next claim),
 * so a send waits for one durable write (its claim) instead of two. What that leaves open is only
 * the record's state after a crash: an accepted message whose write had not landed stays
 * `sending`, then becomes `unknown`, exactly like a message whose answer the crash cut off; it is
 * never resent (its slot stays used). Every other outcome (a refusal gives a slot back, a queued
 * message must be in the outbox before the caller hears of it) is written before it is answered.
 *
 * Reads of this process that must see their own writes (`flush()`) wait for the writes in flight;
 * after `close()` (shutdown) writes are awaited again, so none is left behind.
 */
export class OutcomeWriteBehind {
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly write: (input: OutcomeInput) => Promise<StoredDelivery | undefined>,
    private readonly logger: Logger,
  ) {}

  /** Whether `input` is stored behind the send (an `accepted` outcome while open). */
  takes(input: OutcomeInput): boolean {
    return !this.closed && input.outcome.state === 'accepted';
  }

  /** Starts storing `input` and answers the record as the write will leave it. */
  store(input: OutcomeInput): StoredDelivery {
    // The answer's time is the one stored, so that the answer is the stored record to the letter.
    const at = new Date();
    const done: Promise<void> = this.persist({ ...input, at }).finally(() =>
      this.inFlight.delete(done),
    );
    this.inFlight.add(done);
    return settledRecord(input.record, input.outcome, {
      attempts: input.record.attempts + (input.outcome.attempted ? 1 : 0),
      updated_at: at,
      server_message_id: input.outcome.serverMessageId ?? input.record.serverMessageId ?? null,
      expires_at: input.record.expiresAt ?? null,
    });
  }

  /** Resolves when the writes started before this call (and any started meanwhile) are done. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stores later outcomes before answering them, and waits for the writes in flight. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async persist(input: OutcomeInput): Promise<void> {
    const id = input.record.id;
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.write(input);
        if (!row) this.logger.warn(M.settledGone(id, input.outcome.state));
        return;
      } catch (err) {
        const why = describeError(err);
        if (attempt >= TRIES) return this.logger.error(M.settleBehindLost(id, why));
        this.logger.warn(M.settleRetry(id, why));
        await abortableSleep(FIRST_PAUSE_MS * 2 ** (attempt - 1));
      }
    }
  }
}
