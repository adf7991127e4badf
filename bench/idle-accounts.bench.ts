import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { SimulatorControlClient } from 'nestjs-weixin/testing';
import { WeixinAccountsService } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { startOfficialPeer, type OfficialPeer } from './peers/official/official-peer.driver.js';
import type { OfficialPeerGarbage } from './peers/official/official-peer.types.js';
import { startBenchApp } from './support/bench-app.js';
import { forceGc } from './support/force-gc.js';
import { OldGenerationGarbageMeter } from './support/old-generation-garbage.js';
import { startBenchPostgres } from './support/bench-postgres.js';
import { startSimulatorProcess } from './support/simulator-process.js';

const ACCOUNTS = 1_000;
const RSS_TARGET_MIB = 100;
const CPU_TARGET_PERCENT = 5;
const CPU_WINDOW_MS = 10_000;
const MIB = 1024 * 1024;

/** RSS after the event loop has been idle a moment. */
async function settledRss(): Promise<number> {
  await sleep(1_000);
  return process.memoryUsage().rss;
}

/** Heap in use in the young generation (new space) and in the old generation (the rest). */
function heapUse(): { young: number; old: number } {
  let young = 0;
  let old = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name.startsWith('new_')) young += space.space_used_size;
    else old += space.space_used_size;
  }
  return { young, old };
}

/** RSS of the official peer after its event loop has been idle a moment. */
async function settledPeerRss(peer: OfficialPeer): Promise<number> {
  await sleep(1_000);
  return (await peer.stats()).rss;
}

/**
 * 1,000 accounts long-polling an idle simulator (another process) from one app: RSS above the
 * same app with no account (after a full GC of the boot's garbage), and CPU used while every poll
 * is open (lease renewals included); then the heap a forced full GC frees (garbage left by adding
 * the accounts and idling).
 * Beside it, Tencent's official client (its own process, one monitor loop per account): RSS
 * growth from its loaded modules to 1,000 open polls, measured after ours, on other bots.
 */
export const idleAccountsBenchmark: Benchmark = {
  name: 'idle-accounts',
  description: `${ACCOUNTS} accounts long-polling, idle: RSS above the empty app, CPU of one core`,
  async run() {
    const pg = await startBenchPostgres();
    const sim = await startSimulatorProcess();
    try {
      const control = new SimulatorControlClient(sim.baseUrl);
      const bots = [];
      for (let i = 0; i < ACCOUNTS; i++) bots.push(await control.addBot());
      const bench = await startBenchApp(
        await pg.database('bench_idle_accounts'),
        {
          baseUrl: sim.baseUrl,
          cdnBaseUrl: sim.cdnBaseUrl,
          allowedHosts: ['127.0.0.1'],
          polling: { longPollTimeoutMs: 35_000 },
        },
        [],
      );
      let closed = false;
      try {
        // The garbage of booting the app goes first, so the forced GC at the end frees only
        // what adding the accounts and idling left behind.
        forceGc();
        const empty = await settledRss();
        // Every full GC from here to the forced one at the end: what each frees in the old
        // generation is garbage promoted while the accounts were added and idled.
        const oldGarbage = new OldGenerationGarbageMeter();
        oldGarbage.start();
        const accounts = bench.app.get(WeixinAccountsService);
        for (const bot of bots) await accounts.add({ id: bot.botId, token: bot.token });
        await bench.polling.refresh();
        for (;;) {
          const open = await Promise.all(bots.slice(0, 20).map((b) => control.pollers(b.botId)));
          if (
            bench.polling.ownedAccounts().length === ACCOUNTS &&
            open.every((p) => p.active === 1)
          )
            break;
          await sleep(200);
        }
        const loaded = await settledRss();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await sleep(CPU_WINDOW_MS);
        const used = process.cpuUsage(cpu0);
        const wallMs = performance.now() - t0;
        const cpuPercent = ((used.user + used.system) / 1000 / wallMs) * 100;
        // Garbage still held after the accounts were added and the polls settled.
        // Young garbage (up to a semi-space) is swept by the next scavenge whatever it came from;
        // garbage promoted to the old generation waits for a full GC: shown apart.
        const heapBefore = heapUse();
        forceGc();
        const heapAfter = heapUse();
        const promoted = oldGarbage.stop();
        const rssAfterGc = await settledRss();
        const growthMib = (loaded - empty) / MIB;
        await bench.close();
        closed = true;
        const official = await officialGrowth(control, sim.baseUrl);
        return {
          value: growthMib,
          unit: 'MiB RSS',
          baseline: empty / MIB,
          ratio: growthMib / (empty / MIB),
          target: `≤ ${RSS_TARGET_MIB} MiB, ≤ official growth, ≤ ${CPU_TARGET_PERCENT}% CPU`,
          pass:
            growthMib <= RSS_TARGET_MIB &&
            growthMib <= official.growthMib &&
            cpuPercent <= CPU_TARGET_PERCENT,
          notes: [
            `official client, ${ACCOUNTS} accounts: RSS growth ${official.growthMib.toFixed(0)} MiB ` +
              `(${(official.emptyRss / MIB).toFixed(0)} → ${(official.loadedRss / MIB).toFixed(0)} MiB); ` +
              `ours ${(growthMib / official.growthMib).toFixed(2)}× its growth`,
            `RSS: empty app ${(empty / MIB).toFixed(0)} MiB, with ${ACCOUNTS} polling accounts ${(loaded / MIB).toFixed(0)} MiB`,
            `garbage uncollected after adding the accounts: a forced full GC freed ` +
              `${((heapBefore.young + heapBefore.old - heapAfter.young - heapAfter.old) / MIB).toFixed(1)} MiB of heap ` +
              `(${((heapBefore.old - heapAfter.old) / MIB).toFixed(1)} MiB in the old generation, ` +
              `${((heapBefore.young - heapAfter.young) / MIB).toFixed(1)} MiB young); RSS after it ` +
              `${(rssAfterGc / MIB).toFixed(0)} MiB (not part of the pass figure)`,
            `old-generation garbage from adding the accounts and idling, whenever it was freed: ` +
              `${(promoted.freedBytes / MIB).toFixed(1)} MiB over ${promoted.fullGcs} full GCs ` +
              `(${((promoted.freedBytes - promoted.lastFreedBytes) / MIB).toFixed(1)} MiB by the ` +
              `${promoted.fullGcs - 1} V8 ran by itself before the forced one)`,
            `official client, measured the same way: old-generation garbage ` +
              `${(official.garbage.freedBytes / MIB).toFixed(1)} MiB over ${official.garbage.fullGcs} full GCs ` +
              `(${(official.garbage.lastFreedBytes / MIB).toFixed(1)} MiB by the forced one); ` +
              `CPU while idle ${official.cpuPercent.toFixed(2)}% of one core`,
            `CPU while idle: ${cpuPercent.toFixed(2)}% of one core over ${(wallMs / 1000).toFixed(0)} s`,
          ],
        };
      } finally {
        if (!closed) await bench.close();
      }
    } finally {
      await sim.stop();
      await pg.stop();
    }
  },
};

/**
 * RSS growth of the official peer from its loaded modules to 1,000 open long polls, its CPU over
 * the same idle window as ours, and the old-generation garbage its full GCs freed from before the
 * loops started to a forced GC after that window (measured as on our side).
 */
async function officialGrowth(
  control: SimulatorControlClient,
  baseUrl: string,
): Promise<{
  growthMib: number;
  emptyRss: number;
  loadedRss: number;
  cpuPercent: number;
  garbage: OfficialPeerGarbage;
}> {
  const bots = [];
  for (let i = 0; i < ACCOUNTS; i++) bots.push(await control.addBot());
  const peer = await startOfficialPeer();
  try {
    // As on our side: a full GC first, then every full GC until the end is recorded.
    await peer.garbageStart();
    const emptyRss = await settledPeerRss(peer);
    await peer.start({
      baseUrl,
      accounts: bots.map((b) => ({ id: b.botId, token: b.token })),
      handlerDelayMs: 0,
      reply: false,
      longPollTimeoutMs: 35_000,
    });
    for (;;) {
      const open = await Promise.all(bots.slice(-20).map((b) => control.pollers(b.botId)));
      if (open.every((p) => p.active === 1)) break;
      await sleep(200);
    }
    const loadedRss = await settledPeerRss(peer);
    const cpu0 = await peer.stats();
    const t0 = performance.now();
    await sleep(CPU_WINDOW_MS);
    const cpu1 = await peer.stats();
    const cpuPercent = ((cpu1.cpuMicros - cpu0.cpuMicros) / 1000 / (performance.now() - t0)) * 100;
    const garbage = await peer.garbageStop();
    await peer.stop();
    return {
      growthMib: (loadedRss - emptyRss) / MIB,
      emptyRss,
      loadedRss,
      cpuPercent,
      garbage,
    };
  } finally {
    await peer.close();
  }
}
