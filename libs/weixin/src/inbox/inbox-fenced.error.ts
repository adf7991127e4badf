import { WeixinError } from '../errors/weixin.error.js';

/**
 * A write of an inbox row was refused because this replica no longer holds the account's lease at
 * the epoch the row was started under: the row is left to the account's current owner.
 */
export class InboxFencedError extends WeixinError {
  constructor(
    readonly inboxId: string,
    readonly epoch: string,
  ) {
    super(
      `Inbox row ${inboxId} was not written: this replica no longer holds its account's lease at ` +
        `epoch ${epoch} (expired or taken over); the account's current owner handles it`,
      'WEIXIN_LEASE_LOST',
    );
  }
}
