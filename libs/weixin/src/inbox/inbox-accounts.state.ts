import type { LeaseFence } from '../persistence/index.js';

/**
 * The dispatcher's bookkeeping per account: the rows queued or running here (with the generation
 * they were queued in), the handlers running, the accounts given up, the lease fence of each
 * account polled here, and the callers waiting for room or for running handlers to finish.
 */
export class InboxAccountsState {
  /** Rows queued or running here, with the generation of their account they were queued in. */
  private readonly inFlight = new Map<string, number>();
  /** Counts the times each account was resumed here; rows of an earlier one do not start. */
  private readonly generations = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private readonly running = new Map<string, number>();
  private readonly abandoned = new Set<string>();
  private readonly fences = new Map<string, LeaseFence>();
  private readonly roomWaiters = new Map<string, Set<() => void>>();

  /** Rows of `accountId` queued or running here. */
  pendingCount(accountId: string): number {
    return this.pending.get(accountId) ?? 0;
  }

  /** Accounts with a handler running here now. */
  busyAccounts(): string[] {
    return [...this.running.keys()];
  }

  /** `accountId` is polled here (again) under `fence`: a new generation of its rows. */
  resume(accountId: string, fence: LeaseFence): void {
    this.abandoned.delete(accountId);
    this.fences.set(accountId, fence);
    this.generations.set(accountId, this.generation(accountId) + 1);
  }

  /** `accountId` was given up here: its queued rows do not start. */
  abandon(accountId: string): void {
    this.abandoned.add(accountId);
    this.fences.delete(accountId);
    this.wake(accountId);
  }

  isAbandoned(accountId: string): boolean {
    return this.abandoned.has(accountId);
  }

  /** The lease fence `accountId` is polled under here, if it is. */
  fenceOf(accountId: string): LeaseFence | undefined {
    return this.fences.get(accountId);
  }

  /** The current generation of `accountId` (0 before its first resume). */
  generation(accountId: string): number {
    return this.generations.get(accountId) ?? 0;
  }

  /** Counts `rowId` as queued in `generation`; `false` when it already is. */
  enqueue(accountId: string, rowId: string, generation: number): boolean {
    if (this.inFlight.get(rowId) === generation) return false;
    this.inFlight.set(rowId, generation);
    this.pending.set(accountId, this.pendingCount(accountId) + 1);
    return true;
  }

  /** `rowId` left the queue (run, skipped or failed); wakes who waits for room. */
  release(accountId: string, rowId: string, generation: number): void {
    if (this.inFlight.get(rowId) === generation) this.inFlight.delete(rowId);
    const left = this.pendingCount(accountId) - 1;
    if (left > 0) this.pending.set(accountId, left);
    else this.pending.delete(accountId);
    this.wake(accountId);
  }

  /** Counts a handler of `accountId` as running, until `endRun(accountId)`. */
  beginRun(accountId: string): void {
    this.running.set(accountId, (this.running.get(accountId) ?? 0) + 1);
  }

  /** A handler of `accountId` counted by `beginRun` ended. */
  endRun(accountId: string): void {
    const left = (this.running.get(accountId) ?? 1) - 1;
    if (left > 0) this.running.set(accountId, left);
    else this.running.delete(accountId);
  }

  /** Resolves when fewer than `max` rows of `accountId` wait here, or `signal` aborts. */
  async waitForRoom(accountId: string, max: number, signal: AbortSignal): Promise<void> {
    while (
      this.pendingCount(accountId) >= max &&
      !signal.aborted &&
      !this.abandoned.has(accountId)
    ) {
      await new Promise<void>((resolve) => {
        const waiters = this.waitersOf(accountId);
        const wake = (): void => {
          waiters.delete(wake);
          if (waiters.size === 0) this.roomWaiters.delete(accountId);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Resolves `true` once no handler of `accountId` runs here, or `false` after `timeoutMs`. */
  async settle(accountId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.running.get(accountId) ?? 0) > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const waiters = this.waitersOf(accountId);
        const wake = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          if (waiters.size === 0) this.roomWaiters.delete(accountId);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
    return true;
  }

  private waitersOf(accountId: string): Set<() => void> {
    const waiters = this.roomWaiters.get(accountId) ?? new Set();
    this.roomWaiters.set(accountId, waiters);
    return waiters;
  }

  private wake(accountId: string): void {
    for (const wake of [...(this.roomWaiters.get(accountId) ?? [])]) wake();
  }
}
