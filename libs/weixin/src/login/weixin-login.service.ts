import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Observable } from 'rxjs';
import { IlinkClient } from '../client/index.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { AccountStatusStore } from '../persistence/account-status.store.js';
import { describeError } from '../errors/describe-error.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { LOGIN_DEFAULTS, MIN_LOGIN_DEADLINE_MS, VERIFY_CODE_PATTERN } from './login.constants.js';
import { LoginMessages as M } from './login.messages.js';
import { QrLoginSession } from './qr-login.session.js';
import { QrLoginStore } from './qr-login.store.js';
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

/**
 * QR logins (protocol §6): `start()` creates a QR code at the fixed host and follows it through
 * every status until the account is stored, the login fails, or it is cancelled. Logins live in
 * Postgres under a random login id, so any replica answers, takes the verify code of, or cancels
 * a login another replica started (the starting replica runs its status polls and renews its
 * hold; a login whose replica died fails at the next read). Finished logins stay readable for
 * 10 minutes; at most 100 logins are kept (the oldest finished ones are forgotten first).
 */
@Injectable()
export class WeixinLoginService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WeixinLoginService.name);
  /** The logins this replica runs. */
  private readonly sessions = new Map<string, QrLoginSession>();

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    private readonly statusStore: AccountStatusStore,
    private readonly store: QrLoginStore,
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
    const loginId = randomBytes(16).toString('base64url');
    const owner = this.options.leases.replicaId;
    const { holdMs } = LOGIN_DEFAULTS;
    const save = options.save ?? true;
    const session = new QrLoginSession(
      loginId,
      {
        client: this.client,
        defaultBaseUrl: this.options.baseUrl,
        localTokens: () => this.statusStore.localTokens(LOGIN_DEFAULTS.maxLocalTokens),
        confirm: async (credentials) => {
          if (!save) return this.store.saveCredentials(loginId, credentials);
          await this.accounts.add({
            id: credentials.accountId,
            token: credentials.token,
            baseUrl: credentials.baseUrl,
            ownerUserId: credentials.ownerUserId,
          });
        },
        record: (patch, final) => this.store.record(loginId, owner, patch, final, holdMs),
        sync: () => this.store.sync(loginId, owner, holdMs),
        takeCode: () => this.store.takeCode(loginId, owner),
        claim: () => this.store.claim(loginId, owner),
      },
      {
        deadlineMs,
        maxQrCodes,
        pollIntervalMs: options.pollIntervalMs ?? LOGIN_DEFAULTS.pollIntervalMs,
        statusTimeoutMs: LOGIN_DEFAULTS.statusTimeoutMs,
        syncIntervalMs: LOGIN_DEFAULTS.syncIntervalMs,
      },
    );
    const stored = await this.store.insert(
      session.snapshot,
      owner,
      holdMs,
      {
        maxActive,
        maxKnown: LOGIN_DEFAULTS.maxKnownLogins,
        retainFinishedMs: LOGIN_DEFAULTS.retainFinishedMs,
      },
      this.lostPatch(),
    );
    if (!stored) throw new WeixinLoginError(M.tooManyLogins(maxActive), 'WEIXIN_LOGIN_LIMIT');
    this.sessions.set(loginId, session);
    await session.start();
    void session.finished().then(() => this.sessions.delete(loginId));
    await session.flushed();
    return this.get(loginId);
  }

  /** The current snapshot of a login. */
  async get(loginId: string): Promise<WeixinLoginSnapshot> {
    const snapshot =
      typeof loginId === 'string' ? await this.store.get(loginId, this.lostPatch()) : undefined;
    if (!snapshot) throw new WeixinLoginError(M.notFound(), 'WEIXIN_LOGIN_NOT_FOUND');
    return snapshot;
  }

  /** Snapshots of the known logins, newest first. */
  list(): Promise<WeixinLoginSnapshot[]> {
    return this.store.list(this.lostPatch());
  }

  /**
   * Every change of a login from its current snapshot on (read every
   * `LOGIN_DEFAULTS.readIntervalMs`); completes after the final one, errs with
   * `WEIXIN_LOGIN_NOT_FOUND` when the login is unknown or forgotten.
   */
  changes(loginId: string): Observable<WeixinLoginSnapshot> {
    return new Observable<WeixinLoginSnapshot>((subscriber) => {
      let stopped = false;
      void (async () => {
        let last = 0;
        while (!stopped) {
          const current = await this.get(loginId);
          const fresh = current.version > last ? await this.store.versionsAfter(loginId, last) : [];
          for (const snapshot of fresh) {
            if (stopped) return;
            last = snapshot.version;
            subscriber.next(snapshot);
            if (snapshot.final) return subscriber.complete();
          }
          await sleep(LOGIN_DEFAULTS.readIntervalMs);
        }
      })().catch((err: unknown) => {
        if (!stopped) subscriber.error(err);
      });
      return () => {
        stopped = true;
      };
    });
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
    const deadline = Date.now() + timeoutMs;
    let snapshot = await this.get(loginId);
    const after = afterVersion ?? snapshot.version;
    while (snapshot.version <= after && !snapshot.final && Date.now() < deadline) {
      await sleep(Math.min(LOGIN_DEFAULTS.readIntervalMs, Math.max(0, deadline - Date.now())));
      snapshot = await this.get(loginId);
    }
    if (snapshot.version <= after + 1) return snapshot;
    // Several changes since `after`: answer the first of them, as a caller following every step expects.
    return (await this.store.versionsAfter(loginId, after))[0] ?? snapshot;
  }

  /** Resolves with the final snapshot of a login. */
  async finished(loginId: string): Promise<WeixinLoginSnapshot> {
    await this.sessions.get(loginId)?.finished();
    let snapshot = await this.get(loginId);
    while (!snapshot.final) {
      await sleep(LOGIN_DEFAULTS.readIntervalMs);
      snapshot = await this.get(loginId);
    }
    return snapshot;
  }

  /**
   * Submits the verify code the phone shows (1–10 digits). Valid only while the status is
   * `need_verifycode`; the replica running the login polls the status again with the code.
   */
  async submitVerifyCode(loginId: string, code: string): Promise<WeixinLoginSnapshot> {
    if (typeof code !== 'string' || !VERIFY_CODE_PATTERN.test(code)) {
      await this.get(loginId);
      throw new WeixinLoginError(M.invalidVerifyCode(), 'WEIXIN_LOGIN_INVALID_VERIFY_CODE');
    }
    const submitted =
      typeof loginId === 'string'
        ? await this.store.submitCode(loginId, code, {
            verifyCodePending: true,
            verifyCodeRejected: false,
            updatedAt: new Date(),
          })
        : undefined;
    if (submitted) {
      this.sessions.get(loginId)?.poke();
      return submitted;
    }
    const current = await this.get(loginId);
    if (current.final) {
      throw new WeixinLoginError(M.finished(current.status), 'WEIXIN_LOGIN_FINISHED');
    }
    throw new WeixinLoginError(M.notAwaitingCode(current.status), 'WEIXIN_LOGIN_NOT_AWAITING_CODE');
  }

  /** Cancels a login; answers its final snapshot (or, while it is being confirmed, its current one). */
  async cancel(loginId: string): Promise<WeixinLoginSnapshot> {
    await this.get(loginId);
    const snapshot = await this.store.cancel(
      loginId,
      {
        status: 'cancelled',
        error: M.cancelled(),
        verifyCodePending: false,
        updatedAt: new Date(),
      },
      this.lostPatch(),
    );
    const session = this.sessions.get(loginId);
    if (session) await session.cancel();
    if (!snapshot) throw new WeixinLoginError(M.notFound(), 'WEIXIN_LOGIN_NOT_FOUND');
    return snapshot.final ? snapshot : this.get(loginId);
  }

  /**
   * The credentials of a confirmed login started with `save: false`, once (they are forgotten
   * when taken). Answers `undefined` otherwise.
   */
  async takeCredentials(loginId: string): Promise<WeixinLoginCredentials | undefined> {
    await this.get(loginId);
    return this.store.takeCredentials(loginId);
  }

  /** The current QR code of a login as a PNG, or `undefined` when it has none. */
  async qrPng(loginId: string): Promise<Buffer | undefined> {
    const qr = (await this.get(loginId)).qr;
    return qr ? renderQrPng(qr.content) : undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].map((s) =>
        s
          .cancel('shutdown')
          .catch((err: unknown) =>
            this.logger.warn(`QR login did not stop cleanly: ${describeError(err)}`),
          ),
      ),
    );
  }

  /** How a login whose replica stopped holding it ends. */
  private lostPatch(): Partial<WeixinLoginSnapshot> {
    return {
      status: 'failed',
      failure: 'replica-lost',
      error: M.replicaLost(),
      verifyCodePending: false,
      updatedAt: new Date(),
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
