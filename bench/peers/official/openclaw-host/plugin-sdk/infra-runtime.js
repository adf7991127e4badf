// Benchmark stand-in for `openclaw/plugin-sdk/infra-runtime` (see bench/peers/official/README.md).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the official client's logger writes: the peer's own scratch directory. */
export function resolvePreferredOpenClawTmpDir() {
  return process.env.OPENCLAW_TMP_DIR || join(tmpdir(), 'openclaw-bench');
}

/** Only the pairing module uses it, which the benchmark path never calls. */
export function withFileLock() {
  throw new Error('withFileLock is not provided by the benchmark host');
}
