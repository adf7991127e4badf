import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { IlinkAccount } from '../client/index.js';
import { WeixinStore, type StoredAccount } from '../persistence/index.js';
import type { WeixinAccountConfig } from '../interfaces/weixin-module-options.interface.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents } from '../weixin.events.js';
import { WeixinUnknownAccountError } from './weixin-unknown-account.error.js';
import type { WeixinAccountView } from './weixin-account.view.js';
import { toIlinkAccount } from './to-ilink-account.js';
import { AccountRefCache } from './account-ref.cache.js';
import { describeError } from '../errors/describe-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';

/** How long a decrypted account reference is reused before it is read again. */
const REF_TTL_MS = 10_000;
/** A reference in use is read again in the background when it has this long left. */
const REF_REFRESH_AHEAD_MS = 2_000;

/**
 * The account registry: accounts live in Postgres (token encrypted) and can be added and removed
 * at run time; options only seed accounts that are not stored yet.
 */
@Injectable()
export class WeixinAccountsService {
  private readonly logger = new Logger(WeixinAccountsService.name);
  /** Decrypted references, kept briefly: a token renewed on another replica is seen within the TTL. */
  private readonly refs: AccountRefCache;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly events: EventEmitter2,
  ) {
    this.refs = new AccountRefCache(
      async (accountId) => {
        const stored = await this.store.getAccount(accountId);
        return stored ? toIlinkAccount(stored) : undefined;
      },
      {
        ttlMs: REF_TTL_MS,
        refreshAheadMs: REF_REFRESH_AHEAD_MS,
        onRefreshError: (accountId, err) => {
          if (err instanceof WeixinUnknownAccountError) return; // removed meanwhile: forgotten
          this.logger.warn(
            `account ${accountId}: reading it again failed: ${redactSecrets(describeError(err))}`,
          );
        },
      },
    );
  }

  /**
   * Stores the accounts of the options that are not stored yet. A stored account keeps its token
   * (it may have been renewed by a QR login since); remove it first to replace it from options.
   */
  async seedFromOptions(): Promise<void> {
    for (const account of this.options.accounts) {
      const stored = await this.store.getAccount(account.id);
      if (!stored) {
        await this.store.upsertAccount(this.toRecord(account));
      } else if (stored.token !== account.token) {
        this.logger.log(`account ${account.id}: the stored token is kept (newer than the options)`);
      }
    }
  }

  /** Adds or renews an account (e.g. after a QR login); a replica starts polling it at once. */
  async add(account: WeixinAccountConfig & { ownerUserId?: string }): Promise<WeixinAccountView> {
    const stored = await this.store.upsertAccount(this.toRecord(account));
    this.refs.forget(account.id);
    this.events.emit(WeixinEvents.AccountAdded, { accountId: account.id });
    return toView(stored);
  }

  /** Removes an account and everything stored for it; its polling stops. */
  async remove(accountId: string): Promise<void> {
    await this.get(accountId);
    await this.store.removeAccount(accountId);
    this.refs.forget(accountId);
    this.events.emit(WeixinEvents.AccountRemoved, { accountId });
  }

  /** Every stored account. */
  async list(): Promise<WeixinAccountView[]> {
    return (await this.store.listAccounts()).map(toView);
  }

  /** One account; throws `WeixinUnknownAccountError` when there is none. */
  async get(accountId: string): Promise<WeixinAccountView> {
    const stored = await this.store.getAccount(accountId);
    if (!stored) throw new WeixinUnknownAccountError(accountId);
    return toView(stored);
  }

  /**
   * The client reference (with token) of an account, cached for `REF_TTL_MS` so a token renewed
   * by a QR login on another replica is used here within that time; concurrent callers share one
   * read (see `AccountRefCache`).
   * @throws WeixinUnknownAccountError when the account is not stored
   */
  ref(accountId: string): Promise<IlinkAccount> {
    return this.refs.get(accountId);
  }

  /** Drops the cached reference of an account (e.g. after its session was found stale). */
  forget(accountId: string): void {
    this.refs.forget(accountId);
  }

  private toRecord(account: WeixinAccountConfig & { ownerUserId?: string }) {
    return {
      id: account.id,
      token: account.token,
      baseUrl: account.baseUrl ?? null,
      cdnBaseUrl: account.cdnBaseUrl ?? null,
      ownerUserId: account.ownerUserId,
    };
  }
}

function toView(a: StoredAccount): WeixinAccountView {
  return {
    id: a.id,
    state: a.state as WeixinAccountView['state'],
    baseUrl: a.baseUrl,
    cdnBaseUrl: a.cdnBaseUrl,
    ownerUserId: a.ownerUserId,
    lastPollAt: a.lastPollAt,
    lastError: a.lastError,
  };
}
