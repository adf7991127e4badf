import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { filter, firstValueFrom, map, race, timer, type Observable } from 'rxjs';
import { IlinkClient } from '../client/index.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { AccountStatusStore } from '../persistence/account-status.store.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { LOGIN_DEFAULTS, MIN_LOGIN_DEADLINE_MS, VERIFY_CODE_PATTERN } from './login.constants.js';
import { LoginMessages as M } from './login.messages.js';
import { QrLoginSession } from './qr-login.session.js';
import { renderQrPng } from './qr-render.js';
import { WeixinLoginError } from './weixin-login.error.js';
import type {
  WeixinLoginCredentials,
  WeixinLoginOptions,
  WeixinLoginSnapshot,
} from './weixin-login.types.js';

/** Options of `WeixinLoginService.start()`. */
export interface WeixinLoginStartOptions extends WeixinLoginOptions {
  /**
   * Store the account when the login is confirmed (a new one is polled at once, a stored one is
   * renewed and resumed). With `false` the credentials are kept for `takeCredentials()` only.
   * @default true
   */
  save?: boolean;
  /**
   * Logins in progress (not final) allowed at once, this one included; beyond it `start()`
   * throws `WeixinLoginError` with code `WEIXIN_LOGIN_LIMIT`.
   * @default 10
   */
  maxActiveLogins?: number;
}

interface Entry {
  session: QrLoginSession;
  credentials?: WeixinLoginCredentials;
}

/**
 * QR logins (protocol §6): `start()` creates a QR code at the fixed host and follows it through
 * every status until the account is stored, the login fails, or it is cancelled. Logins live in
 * memory under a random login id; finished ones stay readable for 10 minutes, at most 100 logins
 * are kept (the oldest finished ones are forgotten first).
 */
@Injectable()
export class WeixinLoginService implements BeforeApplicationShutdown {
  private readonly logins = new Map<string, Entry>();

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    private readonly statusStore: AccountStatusStore,
  ) {}

  /** Starts a QR login; answers its first snapshot with the QR code (or its failure). */
  async start(options: WeixinLoginStartOptions = {}): Promise<WeixinLoginSnapshot> {
    const deadlineMs = options.deadlineMs ?? LOGIN_DEFAULTS.deadlineMs;
    if (!Number.isInteger(deadlineMs) || deadlineMs < MIN_LOGIN_DEADLINE_MS) {
      throw new WeixinLoginError(
        M.invalidDeadline(MIN_LOGIN_DEADLINE_MS),
        'WEIXIN_LOGIN_INVALID_OPTIONS',
      );
    }
    const maxQrCodes = options.maxQrCodes ?? LOGIN_DEFAULTS.maxQrCodes;
    if (!Number.isInteger(maxQrCodes) || maxQrCodes < 1) {
      throw new WeixinLoginError(M.invalidMaxQrCodes(), 'WEIXIN_LOGIN_INVALID_OPTIONS');
    }
    const maxActive = options.maxActiveLogins ?? LOGIN_DEFAULTS.maxActiveLogins;
    if (!Number.isInteger(maxActive) || maxActive < 1) {
      throw new WeixinLoginError(M.invalidMaxActive(), 'WEIXIN_LOGIN_INVALID_OPTIONS');
    }
    const active = [...this.logins.values()].filter((e) => !e.session.snapshot.final).length;
    if (active >= maxActive) {
      throw new WeixinLoginError(M.tooManyLogins(maxActive), 'WEIXIN_LOGIN_LIMIT');
    }
    this.forgetOldestFinished(LOGIN_DEFAULTS.maxKnownLogins - 1);
    const loginId = randomBytes(16).toString('base64url');
    const entry: Entry = {} as Entry;
    const save = options.save ?? true;
    entry.session = new QrLoginSession(
      loginId,
      {
        client: this.client,
        defaultBaseUrl: this.options.baseUrl,
        localTokens: () => this.statusStore.localTokens(LOGIN_DEFAULTS.maxLocalTokens),
        confirm: async (credentials) => {
          if (!save) {
            entry.credentials = credentials;
            return;
          }
          await this.accounts.add({
            id: credentials.accountId,
            token: credentials.token,
            baseUrl: credentials.baseUrl,
            ownerUserId: credentials.ownerUserId,
          });
        },
      },
      {
        deadlineMs,
        maxQrCodes,
        pollIntervalMs: options.pollIntervalMs ?? LOGIN_DEFAULTS.pollIntervalMs,
        statusTimeoutMs: LOGIN_DEFAULTS.statusTimeoutMs,
      },
    );
    this.logins.set(loginId, entry);
    await entry.session.start();
    void entry.session.finished().then(() => {
      const forget = setTimeout(() => this.logins.delete(loginId), LOGIN_DEFAULTS.retainFinishedMs);
      forget.unref();
    });
    return entry.session.snapshot;
  }

  /** The current snapshot of a login. */
  get(loginId: string): WeixinLoginSnapshot {
    return this.entry(loginId).session.snapshot;
  }

  /** Snapshots of the logins known here, newest first. */
  list(): WeixinLoginSnapshot[] {
    return [...this.logins.values()]
      .map((e) => e.session.snapshot)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  /** Every change of a login from its current snapshot on; completes after the final one. */
  changes(loginId: string): Observable<WeixinLoginSnapshot> {
    return this.entry(loginId).session.changes;
  }

  /**
   * Long poll: answers the first snapshot with a `version` above `afterVersion` (default: the
   * current one), or the current snapshot after `timeoutMs`.
   */
  async waitForChange(
    loginId: string,
    timeoutMs: number,
    afterVersion?: number,
  ): Promise<WeixinLoginSnapshot> {
    const session = this.entry(loginId).session;
    const after = afterVersion ?? session.snapshot.version;
    if (session.snapshot.version > after || session.snapshot.final) return session.snapshot;
    return firstValueFrom(
      race(
        session.changes.pipe(filter((s) => s.version > after)),
        timer(timeoutMs).pipe(map(() => session.snapshot)),
      ),
      { defaultValue: session.snapshot },
    );
  }

  /** Resolves with the final snapshot of a login. */
  async finished(loginId: string): Promise<WeixinLoginSnapshot> {
    return this.entry(loginId).session.finished();
  }

  /**
   * Submits the verify code the phone shows (1–10 digits). Valid only while the status is
   * `need_verifycode`; the status is polled again at once with the code.
   */
  submitVerifyCode(loginId: string, code: string): WeixinLoginSnapshot {
    const session = this.entry(loginId).session;
    if (typeof code !== 'string' || !VERIFY_CODE_PATTERN.test(code)) {
      throw new WeixinLoginError(M.invalidVerifyCode(), 'WEIXIN_LOGIN_INVALID_VERIFY_CODE');
    }
    const status = session.snapshot.status;
    if (session.snapshot.final) {
      throw new WeixinLoginError(M.finished(status), 'WEIXIN_LOGIN_FINISHED');
    }
    if (status !== 'need_verifycode') {
      throw new WeixinLoginError(M.notAwaitingCode(status), 'WEIXIN_LOGIN_NOT_AWAITING_CODE');
    }
    session.submitVerifyCode(code);
    return session.snapshot;
  }

  /** Cancels a login; answers its final snapshot. */
  async cancel(loginId: string): Promise<WeixinLoginSnapshot> {
    const session = this.entry(loginId).session;
    await session.cancel();
    return session.snapshot;
  }

  /**
   * The credentials of a confirmed login started with `save: false`, once (they are forgotten
   * here when taken). Answers `undefined` otherwise.
   */
  takeCredentials(loginId: string): WeixinLoginCredentials | undefined {
    const entry = this.entry(loginId);
    const credentials = entry.credentials;
    entry.credentials = undefined;
    return credentials;
  }

  /** The current QR code of a login as a PNG, or `undefined` when it has none. */
  async qrPng(loginId: string): Promise<Buffer | undefined> {
    const qr = this.entry(loginId).session.snapshot.qr;
    return qr ? renderQrPng(qr.content) : undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.logins.values()].map((e) => e.session.cancel('shutdown')));
  }

  /** Forgets finished logins, oldest first, until at most `keep` logins are known. */
  private forgetOldestFinished(keep: number): void {
    for (const [loginId, entry] of this.logins) {
      if (this.logins.size <= keep) return;
      if (entry.session.snapshot.final) this.logins.delete(loginId);
    }
  }

  private entry(loginId: string): Entry {
    const entry = typeof loginId === 'string' ? this.logins.get(loginId) : undefined;
    if (!entry) throw new WeixinLoginError(M.notFound(), 'WEIXIN_LOGIN_NOT_FOUND');
    return entry;
  }
}
