import type { IlinkAccount } from '../client/index.js';
import { WeixinUnknownAccountError } from './weixin-unknown-account.error.js';

/** One account's cached reference, and its read in flight. */
interface Entry {
  ref?: IlinkAccount;
  /** Until when `ref` may be used (ms epoch). */
  until: number;
  loading?: Promise<IlinkAccount>;
}

/** Options of an {@link AccountRefCache}. */
export interface AccountRefCacheOptions {
  /** How long a reference read from the database is used. */
  ttlMs: number;
  /** A read is started in the background once a used reference has less than this left. */
  refreshAheadMs: number;
  /** The clock (ms epoch). */
  now?: () => number;
  /** Called with the error of a background read; the reference in use stays until its TTL. */
  onRefreshError?: (accountId: string, err: unknown) => void;
}

/**
 * Decrypted account references, each used for at most `ttlMs` after it was read, so a token
 * renewed on another replica is used here within that time. Concurrent callers share one read:
 * when a reference expires under load, one query is made, not one per caller (hundreds of
 * concurrent sends used to open every connection of the pool at once, every `ttlMs`). A reference
 * in use is read again in the background before it expires, so callers under steady load never
 * wait for it.
 */
export class AccountRefCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(
    private readonly read: (accountId: string) => Promise<IlinkAccount | undefined>,
    private readonly options: AccountRefCacheOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * The reference of `accountId`: the cached one while it is fresh, else the one being read, else
   * a new read. Throws `WeixinUnknownAccountError` when the account is not stored.
   */
  get(accountId: string): Promise<IlinkAccount> {
    const entry = this.entries.get(accountId);
    const now = this.now();
    if (entry?.ref && entry.until > now) {
      if (!entry.loading && entry.until - now <= this.options.refreshAheadMs) {
        this.load(accountId, entry)
          .catch((err: unknown) => this.options.onRefreshError?.(accountId, err))
          .catch(() => undefined); // a failing reporter must not become an unhandled rejection
      }
      return Promise.resolve(entry.ref);
    }
    return entry?.loading ?? this.load(accountId, entry ?? this.create(accountId));
  }

  /**
   * Forgets `accountId`: the next caller reads it again, and a read already in flight no longer
   * fills the cache (it may have read the row before the change that made the caller forget it).
   */
  forget(accountId: string): void {
    this.entries.delete(accountId);
  }

  private create(accountId: string): Entry {
    const entry: Entry = { until: 0 };
    this.entries.set(accountId, entry);
    return entry;
  }

  private load(accountId: string, entry: Entry): Promise<IlinkAccount> {
    const loading = this.read(accountId).then(
      (ref) => {
        const current = this.entries.get(accountId) === entry;
        if (current) entry.loading = undefined;
        if (!ref) {
          if (current) this.entries.delete(accountId);
          throw new WeixinUnknownAccountError(accountId);
        }
        if (current) {
          entry.ref = ref;
          entry.until = this.now() + this.options.ttlMs;
        }
        return ref;
      },
      (err: unknown) => {
        // A failed read leaves the reference in use until its TTL (or nothing, for a new entry).
        if (this.entries.get(accountId) === entry) {
          entry.loading = undefined;
          if (!entry.ref) this.entries.delete(accountId);
        }
        throw err;
      },
    );
    entry.loading = loading;
    return loading;
  }
}
