/**
 * Defaults of `WeixinHealthIndicator.isHealthy()`, read by the indicator and quoted by the
 * `@default` tags of `WeixinHealthCheckOptions` (a spec compares the two).
 */
export const WEIXIN_HEALTH_DEFAULTS = {
  /** Key of the indicator in the health answer. */
  key: 'weixin',
  /**
   * No successful poll for this long (by any replica; on this one, counted from the start of its
   * loop) makes the account down. Long polls last up to
   * ~40 s and heartbeats are written every 5 s.
   */
  staleAfterMs: 120_000,
  /** How long a check waits for the database before answering down. */
  databaseTimeoutMs: 3_000,
  /** A paused account counts as up. */
  pausedIsUp: true,
} as const;
