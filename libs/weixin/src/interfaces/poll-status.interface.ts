/** What one account's poll loop is doing on this replica. */
export type PollState = 'starting' | 'polling' | 'backoff' | 'stopped';

/**
 * Why an account's poll loop stopped; `handed-over`: this replica held more than its fair share
 * and released the account to another replica.
 */
export type PollStopReason =
  'shutdown' | 'stopped' | 'lease-lost' | 'handed-over' | 'session-expired' | 'paused' | 'removed';

/** Status of one account's polling, as `PollingService.status()` answers it. */
export interface AccountPollStatus {
  accountId: string;
  state: PollState;
  /** Lease epoch this replica polls under. */
  epoch: string;
  /** When the loop started. */
  startedAt: Date;
  /** Last poll that succeeded. */
  lastPollAt?: Date;
  /** Failures in a row, as the back-off counts them: restarts after each long back-off delay. */
  consecutiveFailures: number;
  /** Failures since the last successful poll; only a successful poll resets it. */
  failuresSinceSuccess: number;
  /** Last failure, redacted. */
  lastError?: string;
  /** Why the loop stopped (when stopped). */
  stopReason?: PollStopReason;
}
