import { DataSource } from 'typeorm';
import type { Benchmark } from './benchmark.types.js';
import { median, warmedRounds } from './measure.js';
import { startHeadToHead } from './support/head-to-head.js';
import { injectBacklog } from './support/inject.js';
import { NoopHandler } from './support/noop.handler.js';
import { processTreeCpuMicros } from './support/process-cpu.js';
import { inboxStorageFloorMicros } from './support/storage-floors.js';

const MESSAGES = 10_000;
const USERS = 100;
/** Timed rounds; each drains a fresh backlog on both sides, alternating which goes first. */
const ROUNDS = 3;
/** Untimed first backlog of each side (JIT, connections, prepared statements). */
const WARMUP = 1_000;
const CPU_TARGET_RATIO = 1.5;

interface Drain {
  ms: number;
  /** CPU per message in µs: the client's process, and Postgres (ours only). */
  appMicros: number;
  pgMicros: number;
  /** WAL written per message, in bytes (ours only). */
  walBytes: number;
}

/** The server's WAL insert position, as a byte count. */
async function walPosition(db: DataSource): Promise<bigint> {
  const rows = (await db.query(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS at`,
  )) as { at: string }[];
  return BigInt(rows[0]!.at);
}

/**
 * A backlog of 10,000 messages on one account, no-op handler: ours (this process: poll → inbox
 * batch → dispatch → done mark on Postgres) against Tencent's official client (its own process,
 * its monitor's sequential loop, storing nothing), both polling the simulator in a third process.
 * Figures: drain rate and CPU per message (ours: this process + every Postgres process; the
 * official: its process), medians of alternating rounds.
 */
export const drainBenchmark: Benchmark = {
  name: 'drain',
  description: `${MESSAGES}-message backlog, no-op handler: drain rate and CPU per message (Postgres included) vs the official client`,
  async run() {
    const h = await startHeadToHead('bench_drain', { longPollTimeoutMs: 2_000, autoStart: false }, [
      NoopHandler,
    ]);
    const { pg, control, peer, ourBot, officialBot, bench } = h;
    try {
      const pgPid = pg.serverPid();
      const db = bench.app.get(DataSource);
      let ourHandled = 0;
      let officialHandled = 0;
      const ours = async (count: number, tag: string): Promise<Drain> => {
        await injectBacklog(control, ourBot.botId, count, USERS, tag);
        const wal0 = await walPosition(db);
        const pg0 = pgPid ? processTreeCpuMicros(pgPid) : 0;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await bench.polling.start();
        await bench.handled((ourHandled += count));
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const pgMicros = pgPid ? processTreeCpuMicros(pgPid) - pg0 : 0;
        await bench.polling.stop();
        const walBytes = Number((await walPosition(db)) - wal0) / count;
        return {
          ms,
          appMicros: (cpu.user + cpu.system) / count,
          pgMicros: pgMicros / count,
          walBytes,
        };
      };
      const official = async (count: number, tag: string): Promise<Drain> => {
        await injectBacklog(control, officialBot.botId, count, USERS, tag);
        const before = await peer.stats();
        const t0 = performance.now();
        await h.startPeer({ handlerDelayMs: 0, reply: false, longPollTimeoutMs: 2_000 });
        const after = await peer.waitHandled((officialHandled += count));
        const ms = performance.now() - t0;
        await peer.stop();
        return {
          ms,
          appMicros: (after.cpuMicros - before.cpuMicros) / count,
          pgMicros: 0,
          walBytes: 0,
        };
      };
      const [ourRounds, officialRounds] = await warmedRounds(
        ROUNDS,
        (tag, warmup) => ours(warmup ? WARMUP : MESSAGES, tag),
        (tag, warmup) => official(warmup ? WARMUP : MESSAGES, tag),
      );
      const rate = (d: Drain) => MESSAGES / (d.ms / 1000);
      const ourRate = median(ourRounds.map(rate));
      const officialRate = median(officialRounds.map(rate));
      const ourApp = median(ourRounds.map((d) => d.appMicros));
      const ourPg = median(ourRounds.map((d) => d.pgMicros));
      const ourCpu = median(ourRounds.map((d) => d.appMicros + d.pgMicros));
      const officialCpu = median(officialRounds.map((d) => d.appMicros));
      const rateRatio = ourRate / officialRate;
      const cpuRatio = ourCpu / officialCpu;
      const rates = (rounds: Drain[]) => rounds.map((d) => rate(d).toFixed(0)).join(', ');
      const floor = pgPid ? await inboxStorageFloorMicros(db, ourBot.botId, MESSAGES) : undefined;
      const floorNote =
        floor === undefined
          ? 'storage floor: not measured (DATABASE_URL)'
          : `storage floor: the least row-per-message storage that keeps the guarantees (two ` +
            `unique keys for redeliveries, a durable insert before the acknowledgement and a ` +
            `durable done mark made in place; nothing else) costs at least ${floor.toFixed(0)} µs of ` +
            `Postgres CPU per message on this server (its backend alone), ${(floor / officialCpu).toFixed(2)}× the ` +
            `official client's whole CPU per message (it stores nothing), before any app CPU`;
      return {
        value: ourRate,
        unit: 'messages/s',
        baseline: officialRate,
        ratio: rateRatio,
        target: `ratio ≥ 1 and CPU/message ≤ ${CPU_TARGET_RATIO}× official`,
        pass: rateRatio >= 1 && cpuRatio <= CPU_TARGET_RATIO,
        notes: [
          `${MESSAGES} messages per round on 1 account × ${USERS} users, median of ${ROUNDS} ` +
            `alternating rounds (ours ${rates(ourRounds)}; official ${rates(officialRounds)} msg/s)`,
          `CPU per message: ours ${ourCpu.toFixed(0)} µs (app ${ourApp.toFixed(0)} µs + ` +
            `Postgres ${pgPid ? `${ourPg.toFixed(0)} µs` : 'not measured (DATABASE_URL)'}), ` +
            `official ${officialCpu.toFixed(0)} µs: ${cpuRatio.toFixed(2)}×; Postgres WAL per ` +
            `message: ours ${median(ourRounds.map((d) => d.walBytes)).toFixed(0)} bytes`,
          floorNote,
          'official: @tencent-weixin/openclaw-weixin getUpdates loop in its own process, no-op ' +
            'handler, sync buffer saved per poll as its monitor does; simulator in a third process',
        ],
      };
    } finally {
      await h.close();
    }
  },
};
