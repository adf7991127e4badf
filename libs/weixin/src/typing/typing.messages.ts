/** Texts of typing logs and errors. They never hold tickets or tokens. */
export const TypingMessages = {
  sendFailed: (action: string, accountId: string, userId: string, error: string) =>
    `typing ${action} for ${userId} on ${accountId} failed: ${error}`,
  ticketUnavailable: (accountId: string, userId: string, retryInMs: number, error: string) =>
    `no typing ticket for ${userId} on ${accountId} (getconfig: ${error}); typing is skipped ` +
    `for this user, next attempt in ${Math.round(retryInMs / 1000)} s`,
  ticketStoreFailed: (operation: string, error: string) =>
    `typing ticket ${operation} in the database failed: ${error}`,
  ticketRejected: (accountId: string, userId: string) =>
    `typing ticket of ${userId} on ${accountId} was rejected; fetching a new one`,
  unknownChannel: (name: string, known: string[]) =>
    `unknown typing channel "${name}": configure it in WeixinModule's typing.channels ` +
    `(customerService or nxcloud) or register it with TypingService.registerChannel() ` +
    `(known: ${known.join(', ')})`,
  invalidTarget: () =>
    'a typing target needs a non-empty userId and a channel (or an accountId): ' +
    "e.g. { channel: 'shop-cs', userId: OPENID }",
  invalidStartOption: (field: string, value: unknown) =>
    `${field} must be a non-negative integer number of milliseconds (got ${JSON.stringify(value)})`,
  handlerTypingSkipped: (handler: string, error: string) =>
    `${handler} runs without typing: ${error}`,
  leaseExpired: (accountId: string, userId: string, ms: number) =>
    `typing lease for ${userId} on ${accountId} reached its maximum of ${ms} ms and was ended`,
};
