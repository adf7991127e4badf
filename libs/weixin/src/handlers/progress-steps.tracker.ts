import type { ProgressStep } from '../interfaces/outbound.types.js';
import type { WeixinProgressUpdate } from './weixin-progress-sender.interface.js';

/**
 * Numbers the progress items of one message (1-based, so a rerun of the message sends none
 * twice) and pairs each result with its start: a start without a call id gets
 * `<inboxId>-<n>`, a result without one closes the tool's latest open start.
 */
export class ProgressSteps {
  #count = 0;
  /** Call ids of started steps without a result yet, per tool. */
  readonly #open = new Map<string, string[]>();

  constructor(private readonly inboxId: string) {}

  /** The call id the next item gets when it names none and opens a step. */
  nextCallId(): string {
    return `${this.inboxId}-${this.#count + 1}`;
  }

  /** The number and the step of the next item, `update` completed with its call id. */
  next(update: WeixinProgressUpdate): { n: number; step: ProgressStep } {
    const n = ++this.#count;
    const open = this.#open.get(update.tool) ?? [];
    let callId = update.callId;
    if (update.status === undefined) {
      callId ??= `${this.inboxId}-${n}`;
      this.#open.set(update.tool, [...open, callId]);
    } else {
      callId ??= open[open.length - 1] ?? `${this.inboxId}-${n}`;
      this.#open.set(
        update.tool,
        open.filter((id) => id !== callId),
      );
    }
    const step = { tool: update.tool, callId, ...(update.status ? { status: update.status } : {}) };
    return { n, step };
  }
}
