/** First delay before `getconfig` is tried again after a failure or an empty ticket (official). */
export const TICKET_RETRY_INITIAL_MS = 2_000;

/** Longest delay between `getconfig` retries for one user (official). */
export const TICKET_RETRY_MAX_MS = 60 * 60 * 1000;

/** Most (account, user) tickets kept in memory; older entries fall back to the database copy. */
export const TICKET_CACHE_MAX_ENTRIES = 50_000;

/** How long shutdown waits for the final `status: 2` calls. */
export const TYPING_SHUTDOWN_TIMEOUT_MS = 5_000;
