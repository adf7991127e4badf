import { type SimCall } from '../interfaces/call.types.js';
import { RingBuffer } from './ring-buffer.js';

/** The last `capacity` requests received (control API and web page excluded). */
export class CallLog {
  private readonly entries: RingBuffer<SimCall>;

  constructor(capacity: number) {
    this.entries = new RingBuffer(capacity);
  }

  add(call: SimCall): void {
    this.entries.push(call);
  }

  /** Calls whose path ends with `endpoint` (all when omitted), oldest first. */
  list(endpoint?: string): SimCall[] {
    const all = this.entries.toArray();
    return endpoint === undefined ? all : all.filter((call) => call.path.endsWith(endpoint));
  }

  clear(): void {
    this.entries.clear();
  }
}
