import type { Benchmark, BenchmarkResult } from './benchmark.types.js';
import { benchmarks } from './benchmarks.js';

/**
 * Runs the benchmarks of `benchmarks.ts` and prints a table, or JSON with `--json`.
 * `--filter <text>` runs only benchmarks whose name contains the text. The exit code is 1 when a
 * benchmark misses its target or fails.
 */

interface Row {
  name: string;
  result?: BenchmarkResult;
  error?: string;
}

function parseArgs(argv: string[]): { json: boolean; filter?: string } {
  const json = argv.includes('--json');
  const at = argv.indexOf('--filter');
  const inline = argv.find((arg) => arg.startsWith('--filter='));
  const filter = inline ? inline.slice('--filter='.length) : at >= 0 ? argv[at + 1] : undefined;
  return { json, filter };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

function printTable(rows: Row[]): void {
  const header = ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((row) =>
    row.result
      ? [
          row.name,
          formatNumber(row.result.value),
          row.result.unit,
          formatNumber(row.result.baseline),
          row.result.ratio.toFixed(2),
          row.result.target,
          row.result.pass ? 'PASS' : 'FAIL',
        ]
      : [row.name, '-', '-', '-', '-', '-', `ERROR: ${row.error}`],
  );
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i]!.length)),
  );
  const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  for (const row of rows) {
    for (const note of row.result?.notes ?? []) console.log(`  ${row.name}: ${note}`);
  }
}

async function runOne(benchmark: Benchmark): Promise<Row> {
  try {
    return { name: benchmark.name, result: await benchmark.run() };
  } catch (error) {
    return { name: benchmark.name, error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<void> {
  const { json, filter } = parseArgs(process.argv.slice(2));
  const selected = benchmarks.filter((benchmark) => !filter || benchmark.name.includes(filter));
  const rows: Row[] = [];
  for (const benchmark of selected) {
    if (!json) console.error(`running ${benchmark.name}: ${benchmark.description}`);
    rows.push(await runOne(benchmark));
  }
  if (json) {
    const figures = rows.map((row) => ({ name: row.name, ...row.result, error: row.error }));
    console.log(JSON.stringify({ node: process.version, benchmarks: figures }, null, 2));
  } else {
    printTable(rows);
  }
  if (rows.some((row) => !row.result?.pass)) process.exitCode = 1;
}

await main();
