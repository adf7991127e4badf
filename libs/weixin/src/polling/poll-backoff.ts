/** The official back-off (protocol §8.5): a short delay, a long one after N failures in a row. */
export interface PollBackoffPolicy {
  retryDelayMs: number;
  backoffDelayMs: number;
  maxConsecutiveFailures: number;
}

/**
 * Delay before the next poll after `failures` consecutive failures (1-based), and whether the
 * failure counter restarts (it does after the long delay).
 */
export function pollBackoff(
  failures: number,
  policy: PollBackoffPolicy,
): { delayMs: number; reset: boolean } {
  if (failures >= policy.maxConsecutiveFailures) {
    return { delayMs: policy.backoffDelayMs, reset: true };
  }
  return { delayMs: policy.retryDelayMs, reset: false };
}
