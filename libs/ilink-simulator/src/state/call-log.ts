import { type SimCall } from '../interfaces/call.types.js';

/** The last `capacity` requests received (control API and web page excluded). */
export class CallLog {
  private readonly entries: SimCall[] = [];

  constructor(private readonly capacity: number) {}

  add(call: SimCall): void {
    this.entries.push(call);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Calls whose path ends with `endpoint` (all when omitted), oldest first. */
  list(endpoint?: string): SimCall[] {
    return endpoint === undefined
      ? [...this.entries]
      : this.entries.filter((call) => call.path.endsWith(endpoint));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
