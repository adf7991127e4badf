// Benchmark stand-in for `openclaw/plugin-sdk/account-id` (see bench/peers/official/README.md).

/** Only account management uses it, which the benchmark path never calls. */
export function normalizeAccountId() {
  throw new Error('normalizeAccountId is not provided by the benchmark host');
}
