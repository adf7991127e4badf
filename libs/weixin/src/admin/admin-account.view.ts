import type { InboxCounts } from '../persistence/weixin-store.types.js';

/** An account as the admin API shows it (never its token). */
export interface AdminAccountView {
  id: string;
  /** `active` (polled), `paused` (not polled), `needs_relogin` (session expired). */
  state: string;
  /** `valid`, or `expired` when a new QR login is needed. */
  session: 'valid' | 'expired';
  ownerUserId: string | null;
  /** Last successful poll as recorded in the database (by any replica). */
  lastPollAt: Date | null;
  lastError: string | null;
  lease: {
    owner: string | null;
    epoch: string | null;
    expiresAt: Date | null;
    /** Whether the lease is unexpired (a replica polls the account). */
    live: boolean;
  };
  /** This replica's poll loop of the account. */
  polling: {
    here: boolean;
    state?: string;
    consecutiveFailures?: number;
    /** Failed polls since the last success (the back-off does not reset it). */
    failuresSinceSuccess?: number;
    lastPollAt?: Date;
    lastError?: string;
    stopReason?: string;
  };
  /** Inbox rows by status (single-account answers only). */
  inbox?: InboxCounts;
}
