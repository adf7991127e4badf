/** The figures one benchmark reports: ours against its baseline, measured in the same run. */
export interface BenchmarkResult {
  /** Our figure (e.g. median ms per operation). */
  value: number;
  /** Unit of `value` and `baseline`. */
  unit: string;
  /** The baseline's figure in the same unit. */
  baseline: number;
  /** `value / baseline`. */
  ratio: number;
  /** The target in words, e.g. `ratio ≤ 1.5`. */
  target: string;
  /** Whether the target is met. */
  pass: boolean;
  /** Extra facts worth printing (sizes, checks done). */
  notes?: string[];
}

/** A benchmark listed in `benchmarks.ts`. */
export interface Benchmark {
  /** Short unique name, used by `--filter`. */
  name: string;
  /** What is measured against what. */
  description: string;
  run(): Promise<BenchmarkResult>;
}
