/** Texts of persistence errors. */
export const PersistenceMessages = {
  leaseLost: (accountId: string, owner: string, epoch: string) =>
    `Lease of account "${accountId}" is no longer held by "${owner}" at epoch ${epoch} ` +
    '(expired or taken over by another replica): the batch was not stored and the cursor did not move',
  invalidState: (state: string) =>
    `"${state}" is not an account state: use "active", "paused" or "needs_relogin"`,
};
