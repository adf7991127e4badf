import { INVALID_CONCURRENCY, INVALID_DRAIN_TIMEOUT } from '../handlers/handlers.messages.js';
import { FifoQueue } from './fifo.queue.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

interface Job {
  readonly task: () => Promise<unknown>;
  /** Given with `run()`; a job of `enqueue()` settles nobody. */
  readonly resolve?: (value: unknown) => void;
  readonly reject?: (reason: unknown) => void;
}

interface KeyState {
  readonly jobs: FifoQueue<Job>;
  running: boolean;
}

/**
 * Runs async tasks so that tasks with the same key run one after another in submission order,
 * while tasks of different keys run concurrently, at most `concurrency` at once.
 *
 * Keys take turns: a key whose task finishes goes behind the keys already waiting, so a key with
 * many queued tasks does not hold up the others. A failed task does not stop the next one of its
 * key. Keys without queued or running tasks are forgotten.
 */
export class KeyedSerialExecutor {
  private readonly keys = new Map<string, KeyState>();
  /** Keys with queued jobs and none running, in the order they get a slot. */
  private readonly ready = new FifoQueue<string>();
  private queued = 0;
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  /**
   * @param concurrency most tasks running at once over all keys: a positive integer or Infinity
   * @throws WeixinHandlerError for any other value
   */
  constructor(private readonly concurrency: number) {
    if (!(Number.isInteger(concurrency) || concurrency === Infinity) || concurrency < 1) {
      throw new WeixinHandlerError(INVALID_CONCURRENCY(concurrency), 'WEIXIN_INVALID_ARGUMENT');
    }
  }

  /** Number of tasks waiting to start. */
  get size(): number {
    return this.queued;
  }

  /** Number of tasks running. */
  get active(): number {
    return this.running;
  }

  /**
   * Queues a task behind the earlier tasks of its key.
   * @returns what the task resolves or rejects with
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.push(key, { task, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /**
   * Queues a task behind the earlier tasks of its key, as `run()` does, without a promise of its
   * outcome (one fewer promise per task for a caller that has no use for it).
   * @param task handles its own failures: a rejection is passed to `onError`
   */
  enqueue(key: string, task: () => Promise<void>, onError: (reason: unknown) => void): void {
    this.push(key, { task, reject: onError });
  }

  private push(key: string, job: Job): void {
    let state = this.keys.get(key);
    if (!state) {
      state = { jobs: new FifoQueue<Job>(), running: false };
      this.keys.set(key, state);
    }
    state.jobs.push(job);
    this.queued++;
    if (!state.running && state.jobs.length === 1) this.ready.push(key);
    this.pump();
  }

  /** Resolves once no task is queued or running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Waits until no task is queued or running, at most `timeoutMs` (`Infinity` waits as long as
   * it takes). Tasks keep running after a timeout.
   * @returns `true` if everything finished in time, `false` on timeout
   */
  async drain(timeoutMs: number): Promise<boolean> {
    if (!(timeoutMs >= 0))
      throw new WeixinHandlerError(INVALID_DRAIN_TIMEOUT(timeoutMs), 'WEIXIN_INVALID_ARGUMENT');
    if (this.isIdle()) return true;
    if (timeoutMs === Infinity) return this.idle().then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.idle().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private isIdle(): boolean {
    return this.queued === 0 && this.running === 0;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const state = this.keys.get(key) as KeyState;
      const job = state.jobs.shift() as Job;
      state.running = true;
      this.queued--;
      this.running++;
      void this.execute(key, state, job);
    }
  }

  private async execute(key: string, state: KeyState, job: Job): Promise<void> {
    try {
      const value = await job.task();
      job.resolve?.(value);
    } catch (error) {
      job.reject?.(error);
    }
    this.running--;
    state.running = false;
    if (state.jobs.length > 0) this.ready.push(key);
    else this.keys.delete(key);
    this.pump();
    if (this.isIdle()) this.notifyIdle();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
