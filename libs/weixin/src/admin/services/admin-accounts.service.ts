import { Injectable } from '@nestjs/common';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import { WeixinUnknownAccountError } from '../../accounts/weixin-unknown-account.error.js';
import {
  AccountStatusStore,
  type AccountStatusRow,
} from '../../persistence/account-status.store.js';
import { WeixinStore } from '../../persistence/weixin.store.js';
import { PollingService } from '../../polling/polling.service.js';
import type { AdminAccountView } from '../admin-account.view.js';
import { WeixinAccountNeedsLoginError } from '../errors/weixin-account-needs-login.error.js';

/** The accounts area of the admin API: list, read, pause, resume and remove accounts. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly accounts: WeixinAccountsService,
    private readonly store: WeixinStore,
    private readonly statusStore: AccountStatusStore,
    private readonly polling: PollingService,
  ) {}

  /** Every account with its lease and this replica's polling. */
  async listAccounts(): Promise<AdminAccountView[]> {
    return (await this.statusStore.statuses()).map((row) => this.view(row));
  }

  /** One account with its inbox counts; throws `WeixinUnknownAccountError`. */
  async getAccount(accountId: string): Promise<AdminAccountView> {
    const [row] = await this.statusStore.statuses(accountId);
    if (!row) {
      await this.accounts.get(accountId);
      throw new WeixinUnknownAccountError(accountId);
    }
    return { ...this.view(row), inbox: await this.store.inboxCounts(accountId) };
  }

  /** Stops polling an account (state `paused`) on every replica. */
  async pauseAccount(accountId: string): Promise<AdminAccountView> {
    const account = await this.accounts.get(accountId);
    if (account.state === 'needs_relogin') throw new WeixinAccountNeedsLoginError(accountId);
    await this.store.setAccountState(accountId, 'paused');
    await this.polling.stopAccount(accountId, 'paused');
    return this.getAccount(accountId);
  }

  /** Makes a paused account `active`; a replica polls it again at once. */
  async resumeAccount(accountId: string): Promise<AdminAccountView> {
    const account = await this.accounts.get(accountId);
    if (account.state === 'needs_relogin') throw new WeixinAccountNeedsLoginError(accountId);
    await this.store.setAccountState(accountId, 'active');
    await this.polling.refresh();
    return this.getAccount(accountId);
  }

  /** Removes an account and everything stored for it. */
  async removeAccount(accountId: string): Promise<void> {
    await this.accounts.remove(accountId);
  }

  private view(row: AccountStatusRow): AdminAccountView {
    const here = this.polling.status(row.id);
    return {
      id: row.id,
      state: row.state,
      session: row.state === 'needs_relogin' ? 'expired' : 'valid',
      ownerUserId: row.ownerUserId,
      lastPollAt: row.lastPollAt,
      lastError: row.lastError,
      lease: {
        owner: row.leaseOwner,
        epoch: row.leaseEpoch,
        expiresAt: row.leaseExpiresAt,
        live: row.leaseLive,
      },
      polling: {
        here: this.polling.isPolling(row.id),
        state: here?.state,
        consecutiveFailures: here?.consecutiveFailures,
        failuresSinceSuccess: here?.failuresSinceSuccess,
        lastPollAt: here?.lastPollAt,
        lastError: here?.lastError,
        stopReason: here?.stopReason,
      },
    };
  }
}
