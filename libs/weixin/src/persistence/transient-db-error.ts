/** SQLSTATE classes and codes of failures that say nothing about the statement itself. */
const TRANSIENT_CLASSES = ['08']; // connection exception
const TRANSIENT_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
/** Errors of `pg` and TypeORM whose connection went away under the query. */
const TRANSIENT_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'terminating connection due to administrator command',
];

/**
 * Whether `err` (or an error in its `cause` or `driverError` chain) is a database failure that
 * says nothing about the work itself: the connection was lost or terminated, the server is
 * shutting down, or the transaction lost a serialization race. Such work is retried, not counted
 * as a failed attempt.
 */
export function isTransientDbError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (TRANSIENT_CODES.has(code) || TRANSIENT_CLASSES.includes(code.slice(0, 2))) return true;
    }
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => message.includes(m))) {
      return true;
    }
    const next = e as { driverError?: unknown; cause?: unknown };
    e = next.driverError ?? next.cause;
  }
  return false;
}

/**
 * The error for a statement that always answers a row but answered none: the answer was lost
 * with its connection. It carries SQLSTATE `08006` (connection failure), so `isTransientDbError`
 * treats it as such and callers retry instead of reading fields of a missing row.
 */
export function lostAnswerError(what: string): Error {
  return Object.assign(new Error(`${what} answered no row: its database connection was lost`), {
    code: '08006',
  });
}
