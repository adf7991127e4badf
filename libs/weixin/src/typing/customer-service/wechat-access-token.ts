import type { TypingClock } from '../../interfaces/typing-clock.interface.js';
import type { CustomerServiceTypingChannelOptions } from '../../interfaces/typing-channels-options.interface.js';
import { CustomerServiceTypingError } from './customer-service-typing.error.js';
import type {
  FetchedAccessToken,
  StoredAccessToken,
  WeChatTokenStore,
} from './wechat-token.store.js';

/** A token is replaced this long before it expires. */
export const TOKEN_REFRESH_BEFORE_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
  errmsg?: string;
}

/**
 * The access token of one app: from memory, else from Postgres, else fetched (`cgi-bin/token` or
 * `cgi-bin/stable_token`) under the app's row lock, so replicas and restarts share one token and
 * fetch once per lifetime. Replaced {@link TOKEN_REFRESH_BEFORE_MS} before it expires, and once
 * when WeChat rejects it (unless another process already replaced it). An app that supplies
 * `accessToken` is asked instead.
 */
export class WeChatAccessToken {
  private cached?: StoredAccessToken;
  private pending?: Promise<string>;

  constructor(
    private readonly options: CustomerServiceTypingChannelOptions,
    private readonly store: WeChatTokenStore,
    private readonly clock: TypingClock,
  ) {}

  /** The current token. @throws CustomerServiceTypingError (`token-fetch`) */
  async get(): Promise<string> {
    if (this.options.accessToken) return this.options.accessToken({});
    if (this.cached && this.fresh(this.cached)) return this.cached.token;
    return this.once(() => this.load(undefined));
  }

  /** WeChat rejected `token`: the replacement (fetched once for every process). */
  async replace(token: string): Promise<string> {
    if (this.options.accessToken) return this.options.accessToken({ rejected: token });
    if (this.cached && this.cached.token !== token && this.fresh(this.cached))
      return this.cached.token;
    return this.once(() => this.load(token));
  }

  private fresh(t: StoredAccessToken): boolean {
    return t.expiresAt.getTime() - TOKEN_REFRESH_BEFORE_MS > this.clock.now();
  }

  private once(fn: () => Promise<string>): Promise<string> {
    this.pending ??= fn().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async load(rejected: string | undefined): Promise<string> {
    const now = this.clock.now();
    const t = await this.store.withLock(this.options.appId, now, async (stored) => {
      if (stored && stored.token !== rejected && this.fresh(stored)) return null;
      // Replacing a stored token (rejected or about to expire): a stable token must be forced,
      // or WeChat answers the same one again.
      return this.fetch(stored !== null);
    });
    this.cached = t;
    return t.token;
  }

  private async fetch(force: boolean): Promise<FetchedAccessToken> {
    const base = this.options.baseUrl ?? 'https://api.weixin.qq.com';
    const { appId, appSecret = '' } = this.options;
    let res: Response;
    try {
      if (this.options.tokenEndpoint === 'token') {
        const url = new URL('/cgi-bin/token', base);
        url.search = new URLSearchParams({
          grant_type: 'client_credential',
          appid: appId,
          secret: appSecret,
        }).toString();
        res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } else {
        res = await fetch(new URL('/cgi-bin/stable_token', base), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credential',
            appid: appId,
            secret: appSecret,
            force_refresh: force,
          }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      }
    } catch (err) {
      throw new CustomerServiceTypingError(
        'token-fetch',
        `access token request failed: ${String(err)}`,
      );
    }
    const answer = (await res.json().catch(() => ({}))) as TokenAnswer;
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw new CustomerServiceTypingError(
        'token-fetch',
        `WeChat refused the access token of ${appId}: errcode ${String(answer.errcode)} ` +
          `${answer.errmsg ?? ''} (check appId/appSecret and the IP whitelist)`,
        answer.errcode,
      );
    }
    const seconds = Number.isFinite(answer.expires_in) ? Number(answer.expires_in) : 7200;
    return { token: answer.access_token, expiresInMs: seconds * 1000 };
  }
}
