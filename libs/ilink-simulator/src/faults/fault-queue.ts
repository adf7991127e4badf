import { type SimFault } from '../interfaces/fault.types.js';

interface QueuedFault {
  fault: SimFault;
  remaining: number;
}

const KINDS: ReadonlySet<SimFault['kind']> = new Set([
  'stale-session',
  'rejected',
  'rate-limited',
  'prepare-failed',
  'invalid-arguments',
  'http-error',
  'slow',
  'malformed-json',
  'empty-body',
  'reset',
]);

/** Injected faults, consumed in insertion order by the requests they match. */
export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  add(fault: SimFault): void {
    if (!KINDS.has(fault.kind)) throw new Error(`unknown fault kind ${String(fault.kind)}`);
    if (typeof fault.endpoint !== 'string' || fault.endpoint === '') {
      throw new Error('fault.endpoint is required (a path suffix or "*")');
    }
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new Error('fault.times must be an integer >= 1');
    this.queue.push({ fault: { ...fault }, remaining: times });
  }

  /**
   * Takes one application of the first fault matching a request to `path` by `botId` (undefined
   * when the request has no known bot, which only matches faults without `botId`).
   */
  take(path: string, botId: string | undefined): SimFault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.endpoint === '*' || path.endsWith(fault.endpoint)) &&
        (fault.botId === undefined || fault.botId === botId),
    );
    if (index < 0) return undefined;
    const entry = this.queue[index];
    entry.remaining--;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
