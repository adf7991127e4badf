import type { Benchmark } from './benchmark.types.js';
import { getUpdatesParseBenchmark } from './getupdates-parse.bench.js';
import { mediaUploadBenchmark } from './media-upload.bench.js';
import { inboundBurstBenchmark } from './inbound-burst.bench.js';
import { inboundPipelineBenchmark } from './inbound-pipeline.bench.js';
import { idleAccountsBenchmark } from './idle-accounts.bench.js';
import { failoverBenchmark } from './failover.bench.js';
import { sendLedgerBenchmark } from './send-ledger.bench.js';
import { drainBenchmark } from './drain.bench.js';
import { latencyBenchmark } from './latency.bench.js';
import { replyBurstBenchmark } from './reply-burst.bench.js';

/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
export const benchmarks: Benchmark[] = [
  getUpdatesParseBenchmark,
  inboundPipelineBenchmark,
  inboundBurstBenchmark,
  idleAccountsBenchmark,
  failoverBenchmark,
  mediaUploadBenchmark,
  sendLedgerBenchmark,
  latencyBenchmark,
  replyBurstBenchmark,
  drainBenchmark,
];
