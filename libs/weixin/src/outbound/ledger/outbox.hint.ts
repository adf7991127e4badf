/**
 * In-process index of the (account, user) pairs that have queued deliveries, so that
 * `flushOutbox` costs nothing for users with an empty outbox. It is loaded at start, updated on
 * enqueue and flush, and rebuilt from the database by every sweep; pairs added while a rebuild
 * reads the database are kept.
 */
export class OutboxHint {
  private users = new Set<string>();
  private addedDuringRebuild: Set<string> | null = null;

  /** Whether the pair may have queued deliveries. */
  has(accountId: string, userId: string): boolean {
    return this.users.has(key(accountId, userId));
  }

  /** Notes that the pair has queued deliveries. */
  add(accountId: string, userId: string): void {
    const k = key(accountId, userId);
    this.users.add(k);
    this.addedDuringRebuild?.add(k);
  }

  /** Notes that the pair's outbox is empty. */
  delete(accountId: string, userId: string): void {
    this.users.delete(key(accountId, userId));
  }

  /** Pairs in the index. */
  get size(): number {
    return this.users.size;
  }

  /** Starts a rebuild: pairs added from now on survive `finishRebuild`. */
  beginRebuild(): void {
    this.addedDuringRebuild = new Set();
  }

  /** Ends a failed rebuild, keeping the index as it is. */
  abortRebuild(): void {
    this.addedDuringRebuild = null;
  }

  /** Replaces the index with `pairs` plus the pairs added since `beginRebuild`. */
  finishRebuild(pairs: { accountId: string; userId: string }[]): void {
    const next = new Set(pairs.map((p) => key(p.accountId, p.userId)));
    for (const k of this.addedDuringRebuild ?? []) next.add(k);
    this.users = next;
    this.addedDuringRebuild = null;
  }
}

function key(accountId: string, userId: string): string {
  return `${accountId}\u0000${userId}`;
}
