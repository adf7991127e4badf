import type { Benchmark } from './benchmark.types.js';
import { getUpdatesParseBenchmark } from './getupdates-parse.bench.js';

/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
export const benchmarks: Benchmark[] = [getUpdatesParseBenchmark];
