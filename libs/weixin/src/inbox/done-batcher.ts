/** One row to mark done: its id and the lease epoch it was handled under. */
export interface DoneMark {
  id: string;
  epoch: string;
}

/**
 * Collects inbox rows to mark done and writes them in one statement at a time, so acknowledging
 * thousands of messages a second costs a few round trips (each a commit, which is most of a done
 * mark's cost in Postgres).
 *
 * While a statement is in flight, new marks wait for it. When it ends, its rows' users go on with
 * their next messages; the next statement is taken one event-loop turn later, so that those
 * messages' marks, when ready in that turn, join it rather than the one after.
 */
export class DoneBatcher {
  private marks: DoneMark[] = [];
  private waiters: { resolve(marked: boolean): void; reject(err: unknown): void }[] = [];
  private flushing?: Promise<void>;
  private scheduled = false;

  /** @param write marks the rows done and answers the ids it marked */
  constructor(
    private readonly write: (marks: DoneMark[]) => Promise<Set<string>>,
    private readonly maxBatch = 500,
  ) {}

  /**
   * Resolves when the row is durably marked done (`true`), or was not marked (`false`: no longer
   * pending, or the lease is not held at `epoch`).
   */
  add(mark: DoneMark): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.marks.push(mark);
      this.waiters.push({ resolve, reject });
      if (this.marks.length >= this.maxBatch && !this.flushing) void this.flush();
      else this.schedule();
    });
  }

  /** Writes everything collected so far (after the statement in flight, if any). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.scheduled = false;
    if (this.marks.length === 0) return;
    const marks = this.marks;
    const waiters = this.waiters;
    this.marks = [];
    this.waiters = [];
    const flushing = this.write(marks).then(
      (marked) => waiters.forEach((w, i) => w.resolve(marked.has(marks[i]!.id))),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    this.flushing = flushing.finally(() => {
      this.flushing = undefined;
      if (this.marks.length > 0) this.schedule();
    });
    await this.flushing;
  }

  /** Flushes in the next event-loop turn, unless a flush is scheduled or a statement in flight. */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }
}
