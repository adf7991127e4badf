/** Why a long-poll wait ended. */
export type PollWaitOutcome = 'notified' | 'timeout' | 'aborted';

interface PollStats {
  active: number;
  maxConcurrent: number;
  total: number;
}

/**
 * Held `getupdates` requests per bot. A wait costs one timer and one set entry; it is removed when
 * it is notified, times out or its request is aborted (client gone, simulator closing).
 */
export class PollRegistry {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly stats = new Map<string, PollStats>();

  /** Counts an open long poll; the answered function ends it (idempotent). */
  begin(botId: string): () => void {
    const stats = this.statsOf(botId);
    stats.active++;
    stats.total++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.active);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      stats.active--;
    };
  }

  /** Waits until `notify(botId)`, `timeoutMs` or `signal`. */
  wait(botId: string, timeoutMs: number, signal: AbortSignal): Promise<PollWaitOutcome> {
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      let set = this.waiters.get(botId);
      if (!set) {
        set = new Set();
        this.waiters.set(botId, set);
      }
      const waiters = set;
      const finish = (outcome: PollWaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        waiters.delete(wake);
        if (waiters.size === 0 && this.waiters.get(botId) === waiters) this.waiters.delete(botId);
        resolve(outcome);
      };
      const wake = (): void => finish('notified');
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), Math.max(0, timeoutMs));
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.add(wake);
    });
  }

  /** Wakes every wait of `botId` (a message arrived, or its session changed). */
  notify(botId: string): void {
    const set = this.waiters.get(botId);
    if (set) for (const wake of [...set]) wake();
  }

  /** Wakes every wait of every bot. */
  notifyAll(): void {
    for (const botId of [...this.waiters.keys()]) this.notify(botId);
  }

  snapshot(botId: string): PollStats {
    return { ...this.statsOf(botId) };
  }

  /** Forgets the statistics (open polls keep their own end functions). */
  clearStats(): void {
    this.stats.clear();
  }

  private statsOf(botId: string): PollStats {
    let stats = this.stats.get(botId);
    if (!stats) {
      stats = { active: 0, maxConcurrent: 0, total: 0 };
      this.stats.set(botId, stats);
    }
    return stats;
  }
}
