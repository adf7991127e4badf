/** A pending timer of a {@link ManualClock}. */
export interface ManualTimer {
  /** Cancels the timer. */
  cancel(): void;
}

interface Pending {
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told: `advance(ms)` runs every timer due on the way, in order.
 * Pass the same instance to the fakes (`startSimulator({ clock })`) and to the app
 * (`WeixinModule` option `typing.clock`), and minutes of typing run in milliseconds.
 */
export class ManualClock {
  private current: number;
  private seq = 0;
  private readonly pending = new Set<Pending>();

  /** @param start the starting time in ms since the epoch (default: now) */
  constructor(start: number = Date.now()) {
    this.current = start;
  }

  /** The clock's time in ms since the epoch. */
  now(): number {
    return this.current;
  }

  /** Runs `fn` when the clock has been advanced by `ms`. */
  setTimeout(fn: () => void, ms: number): ManualTimer {
    const entry: Pending = { due: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.add(entry);
    return { cancel: () => this.pending.delete(entry) };
  }

  /** Timers not yet run. */
  get timers(): number {
    return this.pending.size;
  }

  /** Moves the clock forward by `ms`, running every timer due on the way (in due order). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advance: ms must be a finite number >= 0');
    const target = this.current + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (
          p.due <= target &&
          (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))
        )
          next = p;
      }
      if (!next) break;
      this.pending.delete(next);
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = target;
  }
}

/** What a fake reads the time from: the simulator clock or a shared {@link ManualClock}. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

/** One change of what the user saw. */
export interface FakeTypingEvent {
  /** Fake-clock time in ms. */
  at: number;
  /** `true`: "typing…" appeared; `false`: it went away. */
  typing: boolean;
}

/** Intervals [from, until) during which the indicator was shown. */
export class ShownIntervals {
  private readonly list: { from: number; until: number }[] = [];

  /** Shows from `from` to `until` (merged with a touching or overlapping last interval). */
  show(from: number, until: number): void {
    const last = this.list[this.list.length - 1];
    if (last && from <= last.until) last.until = Math.max(last.until, until);
    else this.list.push({ from, until });
  }

  /** Ends a shown interval at `at` (a cancel). */
  hide(at: number): void {
    const last = this.list[this.list.length - 1];
    if (last && last.until > at) last.until = Math.max(last.from, at);
  }

  /** Whether it is shown at `at`. */
  shownAt(at: number): boolean {
    const last = this.list[this.list.length - 1];
    return last !== undefined && last.from <= at && at < last.until;
  }

  /** The events up to `now` (an interval still running has no "off" yet). */
  timeline(now: number): FakeTypingEvent[] {
    const events: FakeTypingEvent[] = [];
    for (const i of this.list) {
      if (i.from > now) break;
      events.push({ at: i.from, typing: true });
      if (i.until <= now) events.push({ at: i.until, typing: false });
    }
    return events;
  }

  /** How many ms it was shown within [from, to). */
  shownMs(from: number, to: number): number {
    let total = 0;
    for (const i of this.list) total += Math.max(0, Math.min(i.until, to) - Math.max(i.from, from));
    return total;
  }
}
