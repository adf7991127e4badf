/** Options of a {@link MicroBatcher}. */
export interface MicroBatcherOptions<In> {
  /**
   * Most inputs in one batch; the rest wait for the next one.
   * @default 500
   */
  maxBatch?: number;
  /**
   * Inputs with the same key never share a batch: a later one waits for the next batch, in
   * arrival order. Without it any inputs share a batch.
   */
  keyOf?: (input: In) => string;
  /**
   * Longest wait for one batch: after it, the batch's callers are rejected and the next batch
   * may run, so one hung statement cannot stall every later caller. The statement itself is not
   * cancelled (its outcome stays unknown to the callers); use the pool's `statement_timeout` to
   * end it in the database. Without it a batch is awaited for as long as it takes.
   */
  timeoutMs?: number;
  /**
   * Most batches running at once. While a batch runs, the next one may start (on another
   * connection) with what has arrived since; an input whose key is in a running batch waits
   * until that batch has finished, so inputs of one key still run one after another, in
   * arrival order.
   * @default 1
   */
  concurrency?: number;
  /**
   * When at least this many inputs wait and more than one batch could start, they are shared
   * evenly among the batches that can start, each on its own connection, instead of all going
   * into the first: a burst that arrives together (callers released by one statement) gets its
   * first answers back sooner, and the callers' next work overlaps the later statements. Without
   * it each batch takes up to `maxBatch`.
   */
  spreadFrom?: number;
}

interface Pending<In, Out> {
  input: In;
  key: string | undefined;
  resolve(out: Out): void;
  reject(err: unknown): void;
}

/**
 * Collects the inputs that arrive within one event-loop turn and hands them to `run` as one
 * batch (one statement instead of one per caller); each caller gets the output at its own
 * position. At most `concurrency` batches run at a time: what arrives meanwhile forms the next
 * batch. When `run` fails, or answers a different number of outputs, or outlasts `timeoutMs`,
 * every caller of that batch is rejected with the error.
 */
export class MicroBatcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private scheduled = false;
  private running = 0;
  /** Keys of the inputs in running batches. */
  private readonly busyKeys = new Set<string>();
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: MicroBatcherOptions<In> = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Queues `input` for the next batch; resolves with its output. */
  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const key = this.options.keyOf?.(input);
      this.queue.push({ input, key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running >= this.concurrency) return;
    const batch = this.take(this.share());
    if (batch.length === 0) return;
    this.running++;
    for (const p of batch) if (p.key !== undefined) this.busyKeys.add(p.key);
    // What is left (beyond `maxBatch`) may form the next batch while this one runs.
    this.schedule();
    try {
      const outs = await this.bounded(this.run(batch.map((p) => p.input)));
      if (outs.length !== batch.length) {
        throw new Error(`MicroBatcher: ${outs.length} outputs for ${batch.length} inputs`);
      }
      batch.forEach((p, i) => p.resolve(outs[i] as Out));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.running--;
      for (const p of batch) if (p.key !== undefined) this.busyKeys.delete(p.key);
      this.schedule();
    }
  }

  private bounded(run: Promise<Out[]>): Promise<Out[]> {
    const ms = this.options.timeoutMs;
    if (ms === undefined) return run;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`MicroBatcher: the batch did not finish within ${ms} ms`)),
        ms,
      );
      timer.unref();
    });
    run.catch(() => undefined);
    return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
  }

  /** How many inputs the next batch may take (see `MicroBatcherOptions.spreadFrom`). */
  private share(): number {
    const free = this.concurrency - this.running;
    const from = this.options.spreadFrom;
    if (from === undefined || free < 2 || this.queue.length < from) return this.maxBatch;
    return Math.min(this.maxBatch, Math.ceil(this.queue.length / free));
  }

  /**
   * The next batch: queue order, at most `limit`, one input per key, none whose key is in a
   * running batch (nor after an earlier input of its key that waits).
   */
  private take(limit: number): Pending<In, Out>[] {
    const batch: Pending<In, Out>[] = [];
    const rest: Pending<In, Out>[] = [];
    const keys = new Set<string>(this.busyKeys);
    for (const p of this.queue) {
      if (batch.length >= limit || (p.key !== undefined && keys.has(p.key))) {
        rest.push(p);
        continue;
      }
      if (p.key !== undefined) keys.add(p.key);
      batch.push(p);
    }
    this.queue = rest;
    return batch;
  }
}
