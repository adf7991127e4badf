/** Texts of the send pipeline: reasons recorded on deliveries and error messages. No secrets. */
export const OutboundMessages = {
  emptyText: () => 'send(): the text is empty: give a non-blank text (WeChat drops empty texts)',
  invalidContent: () =>
    'send(): content must be a string, { text } or { media, caption? } with a PreparedMedia',
  mediaForOtherUser: (kind: string) =>
    `send(): this ${kind} was uploaded for another account or user: upload it again for this ` +
    'recipient with MediaService (CDN uploads are bound to one user, protocol §12.3)',
  rejectedRecords: (ids: string[]) =>
    `send(): ${ids.length} message(s) were rejected (delivery ${ids.join(', ')}); ` +
    'read the records for the reason',
  noToken: () => 'queued: the user has not written to this account yet (no context token)',
  windowClosed: () => 'queued: the 24 h reply window is closed; sent when the user writes again',
  quotaSpent: (quota: number) =>
    `queued: the ${quota} replies of the user's last message are used; sent when the user writes again`,
  quotaRejected: (quota: number) =>
    `rejected: the ${quota} replies of the user's last message are used (overflow policy 'reject')`,
  breakerOpen: (until: Date) =>
    `queued: the account's send breaker is open until ${until.toISOString()} after ret -2`,
  sessionExpired: () =>
    'queued: the account needs a new QR login (ret -14); sent after re-login when the user writes',
  serverTooLong: () =>
    'rejected by the server (ret -2): the text is longer than the server accepts',
  serverWindow: () =>
    'queued: the server refused the context token (ret -2, expired or outside the window); ' +
    'sent when the user writes again',
  serverQuota: () =>
    'queued: the server says the reply quota is spent (ret -2); sent when the user writes again',
  serverRateLimited: (until: Date) =>
    `queued: rate limited by the server (ret -2); breaker open until ${until.toISOString()}`,
  serverRejected: (until: Date) =>
    `queued: refused by the server (ret -2, cause unknown); breaker open until ${until.toISOString()}`,
  serverRejectedFinal: (attempts: number, errmsg?: string) =>
    `rejected: the server refused it (ret -2, ${errmsg ? `errmsg "${errmsg}"` : 'empty errmsg'}) ` +
    `on ${attempts} attempts`,
  serverPrepareFailed: () =>
    'queued: the server answered "prepare failed" (ret -2): the context token no longer carries ' +
    'this send (reported for replies more than about 1.5–2 min after the user wrote, and for ' +
    'proactive sends after about 11–15 h of silence); sent when the user writes again',
  serverNoErrmsg: (until: Date) =>
    'queued: refused by the server (ret -2) with an empty errmsg that the ledger does not ' +
    `explain; breaker open until ${until.toISOString()}`,
  serverVoiceRefused: () =>
    'rejected: the server refused the native voice message (ret -2); send the audio as a file ' +
    '(sendVoice() does so unless fallbackToFile is false)',
  serverInvalidArguments: () =>
    'rejected: the server answered ret -3 "invalid arguments" (a malformed or mixed-case ' +
    'recipient id); not retried',
  serverError: (ret: number | undefined) => `rejected: the server answered ret ${String(ret)}`,
  previousFailed: () => 'queued: an earlier message of the same send was not delivered',
  notSent: (kind: string) =>
    `queued: the request never reached the server (${kind}); sent when the user writes again`,
  unknownTransport: (kind: string) =>
    `unknown: the request may have reached the server (${kind}); not resent automatically`,
  unknownEmpty: () =>
    'unknown: the server answered HTTP 200 with an empty body (likely dropped, protocol §10.4)',
  unknownHttp: (status: number) =>
    `unknown: the server answered HTTP ${status}; not resent automatically`,
  cannotSend: (why: string) => `rejected: ${why}`,
  raceLost: () => 'queued: other sends took the replies left; sent when the user writes again',
  keyReused: () =>
    'rejected: the idempotency key is already held by another send (an earlier or concurrent ' +
    "call): that send's records are the answer",
  truncated: (dropped: number) => `truncated: ${dropped} part(s) beyond the replies left`,
  truncatedAfter: (reason: string, dropped: number) =>
    `truncated: ${dropped} part(s) beyond the replies left; ${reason}`,
  behindOutbox: () =>
    'queued: earlier messages to the user wait in the outbox; sent after them, in order',
  internalError: (why: string) =>
    `queued: an internal error stopped the send before this message went out (${why})`,
  internalAfterAnswer: (why: string) =>
    `queued: the server refused it, and an internal error followed while handling that (${why})`,
  recordedReply: () =>
    'queued: a handler reply, recorded with its message; sent after the message is marked handled',
  settledGone: (id: string, state: string) =>
    `delivery ${id}: outcome '${state}' not stored: no row matched (the delivery was removed with ` +
    'its account, or the database connection was lost under the write)',
  invalidQuote: () =>
    'send(): quote must be { svrId, title?, text? } with svrId the uint64 server id of the ' +
    'quoted message as a decimal string, and title and text strings',
  invalidProgress: () =>
    'sendProgress(): the step must be { tool, callId, status? }: tool 1 to 256 characters, callId ' +
    "1 to 128, status one of 'completed', 'failed', 'blocked', 'unknown'",
  invalidProgressReserve: (quota: number) =>
    `sendProgress(): reserve must be an integer from 0 to ${quota - 1} (below send.quota)`,
  progressKeyLost: (key: string) =>
    `sendProgress(): the idempotency key ${JSON.stringify(key)} was taken by a concurrent call ` +
    'whose record is gone; send the step again',
  progressReserve: (kept: number, why: string) =>
    `rejected: progress item not sent (${why}); progress never uses the last ${kept} ` +
    'replies of the quota, kept for the answer, and never waits in the outbox',
  progressQuota: (used: number, quota: number) => `${used} of the ${quota} replies are used`,
  settleRetry: (id: string, why: string) =>
    `storing the outcome of delivery ${id} failed (${why}); trying once more`,
};
