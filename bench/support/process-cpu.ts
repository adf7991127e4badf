import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime, in µs. */
  cpuMicros: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at its closing ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), cpuMicros: (ticks / TICKS_PER_SECOND) * 1e6 };
  } catch {
    return undefined;
  }
}

/** CPU time used so far by process `pid`, in µs (10 ms resolution); 0 once it is gone. */
export function processCpuMicros(pid: number): number {
  return readStat(pid)?.cpuMicros ?? 0;
}

/**
 * CPU time used so far by process `pid` and its children (for Postgres: the postmaster, its
 * backends and background workers), in µs. Children that exited in between are not counted.
 */
export function processTreeCpuMicros(pid: number): number {
  let total = processCpuMicros(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === pid) total += stat.cpuMicros;
  }
  return total;
}
