import type { BenchmarkResult } from './benchmark.types.js';

/** How a side-by-side measurement runs. */
export interface SideBySideOptions {
  /** Untimed rounds of both functions first (JIT warm-up). */
  warmup: number;
  /** Timed rounds; each runs ours and the baseline once, alternating which goes first. */
  repetitions: number;
}

/** Median per-call times of both functions, in milliseconds. */
export interface SideBySideTimes {
  oursMs: number;
  baselineMs: number;
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs two sides once per round for `rounds` rounds, `first` first in even rounds and `second`
 * first in odd ones (so drift hits both alike), and answers each side's results in round order.
 */
export async function alternateRounds<T>(
  rounds: number,
  first: (round: number) => Promise<T>,
  second: (round: number) => Promise<T>,
): Promise<[first: T[], second: T[]]> {
  const a: T[] = [];
  const b: T[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      a.push(await first(round));
      b.push(await second(round));
    } else {
      b.push(await second(round));
      a.push(await first(round));
    }
  }
  return [a, b];
}

/**
 * Runs each side once untimed (tag `w`, `warmup` true), then `rounds` rounds as `alternateRounds`
 * does (tags `r0`, `r1`, …), and answers each side's round results.
 */
export async function warmedRounds<T>(
  rounds: number,
  first: (tag: string, warmup: boolean) => Promise<T>,
  second: (tag: string, warmup: boolean) => Promise<T>,
): Promise<[first: T[], second: T[]]> {
  await first('w', true);
  await second('w', true);
  return alternateRounds(
    rounds,
    (round) => first(`r${round}`, false),
    (round) => second(`r${round}`, false),
  );
}

function timeOnce(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A sink that keeps results alive so the engine cannot drop the measured work. */
let sink: unknown;

/**
 * Times two synchronous functions in the same process, interleaved so drift (GC, frequency,
 * neighbours) hits both alike, and answers the median of each.
 */
export function sideBySide(
  ours: () => unknown,
  baseline: () => unknown,
  options: SideBySideOptions,
): SideBySideTimes {
  for (let i = 0; i < options.warmup; i++) {
    sink = ours();
    sink = baseline();
  }
  const oursTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < options.repetitions; i++) {
    if (i % 2 === 0) {
      oursTimes.push(timeOnce(() => (sink = ours())));
      baselineTimes.push(timeOnce(() => (sink = baseline())));
    } else {
      baselineTimes.push(timeOnce(() => (sink = baseline())));
      oursTimes.push(timeOnce(() => (sink = ours())));
    }
  }
  void sink;
  return { oursMs: median(oursTimes), baselineMs: median(baselineTimes) };
}

/** The figures of a benchmark timed in `unit` (lower is better) whose target is a speed-up. */
export interface SpeedupFigures {
  ours: number;
  baseline: number;
  unit: string;
  /** The baseline's name in the target, e.g. `official` for `official/ours ≥ 2`. */
  against: string;
  /** The least `baseline / ours` that passes. */
  target: number;
  /** Whether the run's correctness checks held (default true); false fails the target. */
  checked?: boolean;
  notes: (speedup: number) => string[];
}

/** The result of `f`: ratio `baseline / ours`, passing at `f.target` or more with checks held. */
export function speedupResult(f: SpeedupFigures): BenchmarkResult {
  const speedup = f.baseline / f.ours;
  return {
    value: f.ours,
    unit: f.unit,
    baseline: f.baseline,
    ratio: speedup,
    target: `${f.against}/ours ≥ ${f.target}`,
    pass: speedup >= f.target && (f.checked ?? true),
    notes: f.notes(speedup),
  };
}
