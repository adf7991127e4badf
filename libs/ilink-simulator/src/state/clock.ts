/** The simulator clock: real time plus an offset moved by `advanceClock`. */
export class SimClock {
  private offsetMs = 0;

  /** Simulator time, ms since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock forward by `ms` (negative values are refused). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error('advanceClock: ms must be a finite number >= 0');
    this.offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
