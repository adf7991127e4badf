import { WeixinError } from '../errors/weixin.error.js';
import { PersistenceMessages as M } from './persistence.messages.js';

/**
 * Thrown by `WeixinStore.persistBatch` when the caller no longer holds the account's lease at the
 * given epoch. Nothing of the batch was written; the caller must stop polling the account.
 */
export class LeaseLostError extends WeixinError {
  /**
   * @param accountId The account whose lease was lost.
   * @param owner The replica that believed it held the lease.
   * @param epoch The epoch it held.
   */
  constructor(
    readonly accountId: string,
    readonly owner: string,
    readonly epoch: string,
  ) {
    super(M.leaseLost(accountId, owner, epoch), 'WEIXIN_LEASE_LOST');
  }
}
