import { GCProfiler } from 'node:v8';

/** What the full GCs of a measured stretch freed in the old generation. */
export interface OldGenerationGarbage {
  /** Old-generation bytes freed by every full GC of the stretch, the last one included. */
  freedBytes: number;
  /** Of those, what the last full GC of the stretch freed. */
  lastFreedBytes: number;
  /** How many full GCs ran in the stretch (the last one included). */
  fullGcs: number;
}

interface SpaceStatistics {
  spaceName: string;
  spaceUsedSize: number;
}

interface GcRecord {
  gcType: string;
  beforeGC: { heapSpaceStatistics: SpaceStatistics[] };
  afterGC: { heapSpaceStatistics: SpaceStatistics[] };
}

/** Bytes in use outside the young generation (new space and its large objects). */
function oldUse(spaces: SpaceStatistics[]): number {
  let used = 0;
  for (const space of spaces) if (!space.spaceName.startsWith('new_')) used += space.spaceUsedSize;
  return used;
}

/**
 * Records every GC from `start()` to `stop()` (V8's GC profiler: no GC of its own, no change of
 * when GCs run) and sums the old-generation bytes each full GC freed. Garbage promoted to the old
 * generation stays there until a full GC, and V8 runs one when its heuristics say so — sometimes
 * during the stretch, sometimes not: the heap a single forced GC frees at the end shows only what
 * was promoted after the last of them, while this sum counts what every one of them freed. A
 * full GC also moves the young objects that survive it into the old generation, so each figure
 * is net of those (a little low, never high).
 */
export class OldGenerationGarbageMeter {
  private readonly profiler = new GCProfiler();

  start(): void {
    this.profiler.start();
  }

  stop(): OldGenerationGarbage {
    const { statistics } = this.profiler.stop() as unknown as { statistics: GcRecord[] };
    let freedBytes = 0;
    let lastFreedBytes = 0;
    let fullGcs = 0;
    for (const gc of statistics) {
      if (gc.gcType !== 'MarkSweepCompact') continue;
      const freed = Math.max(
        0,
        oldUse(gc.beforeGC.heapSpaceStatistics) - oldUse(gc.afterGC.heapSpaceStatistics),
      );
      freedBytes += freed;
      lastFreedBytes = freed;
      fullGcs += 1;
    }
    return { freedBytes, lastFreedBytes, fullGcs };
  }
}
