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
 * position. One batch runs at a time: what arrives meanwhile forms the next batch. When `run`
 * fails, or answers a different number of outputs, or outlasts `timeoutMs`, every caller of that
 * batch is rejected with the error.
 */
export class MicroBatcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private scheduled = false;
  private running = false;
  private readonly maxBatch: number;

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: MicroBatcherOptions<In> = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
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
    if (this.scheduled || this.running || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    const batch = this.take();
    if (batch.length === 0) return;
    this.running = true;
    try {
      const outs = await this.bounded(this.run(batch.map((p) => p.input)));
      if (outs.length !== batch.length) {
        throw new Error(`MicroBatcher: ${outs.length} outputs for ${batch.length} inputs`);
      }
      batch.forEach((p, i) => p.resolve(outs[i] as Out));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.running = false;
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

  /** The next batch: queue order, at most `maxBatch`, one input per key. */
  private take(): Pending<In, Out>[] {
    const batch: Pending<In, Out>[] = [];
    const rest: Pending<In, Out>[] = [];
    const keys = new Set<string>();
    for (const p of this.queue) {
      if (batch.length >= this.maxBatch || (p.key !== undefined && keys.has(p.key))) {
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
