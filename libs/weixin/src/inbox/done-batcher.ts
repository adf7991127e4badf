/** One row to mark done: its id and the lease epoch it was handled under. */
export interface DoneMark {
  id: string;
  epoch: string;
}

/**
 * Collects inbox rows to mark done and writes them in one statement per tick, so acknowledging
 * thousands of messages a second costs a few round trips.
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
      if (this.marks.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Writes everything collected so far. */
  async flush(): Promise<void> {
    this.scheduled = false;
    await this.flushing;
    if (this.marks.length === 0) return;
    const marks = this.marks;
    const waiters = this.waiters;
    this.marks = [];
    this.waiters = [];
    this.flushing = this.write(marks).then(
      (marked) => waiters.forEach((w, i) => w.resolve(marked.has(marks[i]!.id))),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    await this.flushing;
    this.flushing = undefined;
  }
}
