/** One row to mark done: its id and the lease epoch it was handled under. */
export interface DoneMark {
  id: string;
  epoch: string;
}

/** The marks of one statement, and the promise its callers share. */
interface DoneBatch {
  readonly marks: DoneMark[];
  readonly written: Promise<ReadonlySet<string>>;
  resolve(marked: ReadonlySet<string>): void;
  reject(err: unknown): void;
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
  private batch?: DoneBatch;
  private flushing?: Promise<void>;
  private scheduled = false;

  /** @param write marks the rows done and answers the ids it marked */
  constructor(
    private readonly write: (marks: DoneMark[]) => Promise<ReadonlySet<string>>,
    private readonly maxBatch = 500,
  ) {}

  /**
   * Resolves when the row is durably marked done (`true`), or was not marked (`false`: no longer
   * pending, or the lease is not held at `epoch`).
   */
  async add(mark: DoneMark): Promise<boolean> {
    return (await this.join(mark)).has(mark.id);
  }

  /**
   * Adds `mark` to the next statement; answers that statement's outcome, shared by every mark in
   * it: the ids it marked done (durably), or its error. A row is marked when its id is in the set.
   */
  join(mark: DoneMark): Promise<ReadonlySet<string>> {
    const batch = (this.batch ??= newBatch());
    batch.marks.push(mark);
    if (batch.marks.length >= this.maxBatch && !this.flushing) void this.flush();
    else this.schedule();
    return batch.written;
  }

  /** Writes everything collected so far (after the statement in flight, if any). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.scheduled = false;
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const flushing = this.write(batch.marks).then(batch.resolve, batch.reject);
    this.flushing = flushing.finally(() => {
      this.flushing = undefined;
      if (this.batch) this.schedule();
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

function newBatch(): DoneBatch {
  let resolve!: (marked: ReadonlySet<string>) => void;
  let reject!: (err: unknown) => void;
  const written = new Promise<ReadonlySet<string>>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { marks: [], written, resolve, reject };
}
