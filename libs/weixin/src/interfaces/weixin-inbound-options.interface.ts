/** Long-poll tuning. Names follow the `WEIXIN_*` adapters' `polling` options. */
export interface WeixinPollingOptions {
  /**
   * Whether this process polls at all. `false` makes a send-only replica.
   * @default true
   */
  enabled?: boolean;
  /**
   * Start polling on application bootstrap. When `false`, call `PollingService.start()`.
   * @default true
   */
  autoStart?: boolean;
  /**
   * Long-poll timeout of the first `getupdates`; later polls use the server's `longpolling_timeout_ms`.
   * @default 35000
   */
  longPollTimeoutMs?: number;
  /**
   * Margin added to the long-poll timeout for the HTTP request, so an answer sent right at the
   * server's deadline is not aborted.
   * @default 5000
   */
  timeoutMarginMs?: number;
  /**
   * Delay before the next poll after a failed one.
   * @default 2000
   */
  retryDelayMs?: number;
  /**
   * Delay after `maxConsecutiveFailures` failures in a row.
   * @default 30000
   */
  backoffDelayMs?: number;
  /**
   * Failures in a row that trigger the long back-off.
   * @default 3
   */
  maxConsecutiveFailures?: number;
  /**
   * Inbox rows waiting for dispatch above which an account stops polling until the backlog drains.
   * @default 1000
   */
  maxPendingPerAccount?: number;
  /**
   * What to do with messages that carry a `group_id`: `'ignore'` drops them before the inbox
   * (iLink bots are 1:1: no source shows a group message, protocol §9.9); `'deliver'` stores and
   * dispatches them like direct ones, with `ctx.groupId` set (filter with `group`). Replies go to
   * the sender, not the group.
   * @default 'ignore'
   */
  groupMessages?: 'ignore' | 'deliver';
}

/** How inbound messages reach the handlers. */
export interface WeixinDispatchOptions {
  /**
   * Handlers running at once across all users (one user's messages always run in order).
   * @default 32
   */
  concurrency?: number;
  /**
   * Attempts of a failing handler before the message is dead-lettered.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * First retry delay; doubles with each attempt.
   * @default 1000
   */
  retryDelayMs?: number;
  /**
   * How long shutdown waits for running handlers; must be less than
   * `leases.ttlMs - leases.renewIntervalMs` (leases are not renewed meanwhile).
   * @default 5000, or `ttlMs - renewIntervalMs - 500` when that is less
   */
  drainTimeoutMs?: number;
  /**
   * How often the replica looks for rows of its accounts still waiting (e.g. dead letters an
   * operator replayed) and dispatches them.
   * @default 30000
   */
  sweepIntervalMs?: number;
}

/** How long handled inbox rows are kept. */
export interface WeixinInboxOptions {
  /**
   * Handled messages older than this are deleted (pending rows and dead letters never are). At
   * least 24 h: the server redelivers messages up to about an hour later, and dedupe needs the row.
   * @default 604800000 (7 days)
   */
  retentionMs?: number;
  /**
   * How often each replica deletes expired rows (in batches).
   * @default 3600000 (1 hour)
   */
  pruneIntervalMs?: number;
}

/** Lease settings: every account is polled by exactly one replica. */
export interface WeixinLeaseOptions {
  /**
   * Lease lifetime; a replica that stops renewing loses its accounts after this.
   * @default 15000
   */
  ttlMs?: number;
  /**
   * How often a replica renews its leases and takes free or expired ones.
   * @default 5000
   */
  renewIntervalMs?: number;
  /**
   * This replica's name in lease rows. It must be unique among live processes: two processes
   * with one id would both poll its accounts. A restarted process with the same id (e.g. a pod
   * name) takes its unexpired leases back at once.
   * @default `<hostname>:<pid>:<random>`
   */
  replicaId?: string;
  /**
   * Most accounts this replica polls. Live replicas share the active accounts evenly (each
   * writes a heartbeat every `renewIntervalMs`); a replica with a cap takes at most this many
   * and the others split the rest.
   * @default unlimited
   */
  maxAccounts?: number;
}
