/**
 * A fault to inject. Faults are consumed in order per matching request. They apply before the
 * simulator's own checks (headers, token), and a faulted `sendmessage` is not recorded by `sent()`
 * (except `slow`, which then runs normally). A fault with `botId` matches only requests whose
 * bearer token (or CDN parameter) belongs to that bot.
 */
export interface SimFault {
  /** Endpoint path suffix, e.g. `getupdates`, `sendmessage`, `upload`, `download`; `*` = any. */
  endpoint: string;
  botId?: string;
  kind:
    | 'stale-session' // HTTP 200 {ret:-14, errcode:-14}
    | 'rejected' // HTTP 200 {ret:-2, errmsg: errmsg ?? ''}
    | 'rate-limited' // HTTP 200 {ret:-2, errmsg:'rate limited'}
    | 'prepare-failed' // HTTP 200 {ret:-2, errmsg:'prepare failed'}
    | 'invalid-arguments' // HTTP 200 {ret:-3, errmsg:'invalid arguments'}
    | 'http-error' // HTTP `status` (default 500) with a text body
    | 'slow' // answer normally after `delayMs`
    | 'malformed-json' // HTTP 200, body that is not JSON
    | 'empty-body' // HTTP 200, empty body
    | 'reset'; // destroy the socket without answering
  status?: number;
  errmsg?: string;
  delayMs?: number;
  /** How many matching requests this fault applies to (default 1). */
  times?: number;
}
