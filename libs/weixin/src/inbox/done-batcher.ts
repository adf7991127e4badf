/**
 * Collects inbox ids to mark done and writes them in one statement per tick, so acknowledging
 * thousands of messages a second costs a few round trips.
 */
export class DoneBatcher {
  private ids: string[] = [];
  private waiters: { resolve(): void; reject(err: unknown): void }[] = [];
  private flushing?: Promise<void>;
  private scheduled = false;

  constructor(
    private readonly write: (ids: string[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves when `id` is durably marked done. */
  add(id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ids.push(id);
      this.waiters.push({ resolve, reject });
      if (this.ids.length >= this.maxBatch) void this.flush();
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
    if (this.ids.length === 0) return;
    const ids = this.ids;
    const waiters = this.waiters;
    this.ids = [];
    this.waiters = [];
    this.flushing = this.write(ids).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    await this.flushing;
    this.flushing = undefined;
  }
}
