/**
 * What went wrong below HTTP: `timeout` (connect, headers, body or the call's own deadline),
 * `dns` (name resolution), `refused` (connection refused), `reset` (connection closed or reset
 * mid-request), `tls` (handshake or certificate), `aborted` (the caller's signal), `other`.
 */
export type TransportErrorKind =
  'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'aborted' | 'other';
