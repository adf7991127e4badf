import { Logger } from '@nestjs/common';
import { WeixinHostNotAllowedError } from '../client/index.js';
import { describeError } from '../errors/describe-error.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { LoginMessages as M } from './login.messages.js';
import type { QrLoginDeps, QrLoginSettings, QrStatusAnswer } from './qr-login-session.types.js';
import { QrLoginSnapshots } from './qr-login.snapshots.js';
import { renderQrDataUrl } from './qr-render.js';
import { VerifyCodeWaiter } from './verify-code.waiter.js';
import type {
  WeixinLoginFailure,
  WeixinLoginSnapshot,
  WeixinLoginStatus,
} from './weixin-login.types.js';

/**
 * One QR login running the official algorithm (protocol §6.3–6.4) on the replica that started
 * it. Every change is recorded through `deps.record`, where any replica reads it; verify codes
 * and cancels from any replica arrive through `deps.sync`. The QR id never leaves it, the bot
 * token only through `confirm`.
 */
export class QrLoginSession {
  private readonly logger = new Logger(QrLoginSession.name);
  private readonly abort = new AbortController();
  private readonly snapshots: QrLoginSnapshots;
  private qrcode = '';
  private qrCount = 0;
  private localTokenCount = 0;
  private redirectHost?: string;
  private pendingCode?: string;
  private readonly codeWait = new VerifyCodeWaiter();
  private done?: Promise<void>;
  private readonly deadlineAt: number;

  constructor(
    readonly loginId: string,
    private readonly deps: QrLoginDeps,
    private readonly settings: QrLoginSettings,
  ) {
    const now = new Date();
    this.deadlineAt = now.getTime() + settings.deadlineMs;
    this.snapshots = new QrLoginSnapshots(
      loginId,
      (patch, final) => deps.record(patch, final),
      {
        loginId,
        status: 'starting',
        version: 1,
        final: false,
        verifyCodePending: false,
        verifyCodeRejected: false,
        startedAt: now,
        deadlineAt: new Date(this.deadlineAt),
        updatedAt: now,
      },
      () => this.endElsewhere(),
    );
  }

  /** The current snapshot. */
  get snapshot(): WeixinLoginSnapshot {
    return this.snapshots.current;
  }

  /** Starts the algorithm; resolves when the first QR code is shown (or the login failed). */
  async start(): Promise<void> {
    const timer = setTimeout(() => this.abort.abort('deadline'), this.settings.deadlineMs);
    timer.unref();
    const syncer = setInterval(() => void this.sync(), this.settings.syncIntervalMs);
    syncer.unref();
    this.done = this.run()
      .catch((err: unknown) =>
        this.fail('status-request-failed', M.statusRequestFailed(describeError(err))),
      )
      .finally(() => {
        clearTimeout(timer);
        clearInterval(syncer);
      })
      .then(() => this.snapshots.flushed());
    await new Promise<void>((resolve) => {
      const sub = this.snapshots.subscribe({
        next: (s) => {
          if (s.status !== 'starting') {
            resolve();
            queueMicrotask(() => sub.unsubscribe());
          }
        },
      });
    });
  }

  /** Resolves when the login ended. */
  async finished(): Promise<WeixinLoginSnapshot> {
    await this.done;
    return this.snapshot;
  }

  /** Resolves when every change so far is recorded. */
  flushed(): Promise<void> {
    return this.snapshots.flushed();
  }

  /** A verify code was submitted (through any replica): take it now rather than on the next sync. */
  poke(): void {
    this.codeWait.wake();
  }

  private async sync(): Promise<void> {
    if (this.snapshot.final) return;
    try {
      const { ended, codeWaiting } = await this.deps.sync();
      if (ended) this.endElsewhere();
      else if (codeWaiting) this.codeWait.wake();
    } catch (err) {
      this.logger.warn(`could not sync QR login ${this.loginId}: ${describeError(err)}`);
    }
  }

  /** The login ended on another replica (cancelled there): stop without recording more. */
  private endElsewhere(): void {
    this.snapshots.markEndedElsewhere();
    if (!this.abort.signal.aborted) this.abort.abort('ended-elsewhere');
  }

  /** Stops the login (`cancelled`, or `failed` with `shutdown`). */
  cancel(reason: 'cancelled' | 'shutdown' = 'cancelled'): Promise<void> {
    if (!this.snapshot.final) this.abort.abort(reason);
    return this.done ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    if (!(await this.newQr())) return;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.snapshot.status === 'need_verifycode' && this.pendingCode === undefined) {
        this.pendingCode = await this.deps.takeCode().catch((err: unknown) => {
          this.logger.warn(`could not read the verify code: ${describeError(err)}`);
          return undefined;
        });
        if (this.pendingCode === undefined) await this.codeWait.wait(signal);
        continue;
      }
      const remaining = this.deadlineAt - Date.now();
      let answer;
      try {
        answer = await this.deps.client.getQrcodeStatus(this.qrcode, {
          verifyCode: this.pendingCode,
          redirectHost: this.redirectHost,
          timeoutMs: Math.max(1, Math.min(this.settings.statusTimeoutMs, remaining)),
          signal,
        });
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof WeixinHostNotAllowedError) {
          return this.fail('redirect-refused', M.redirectRefused(err.host));
        }
        this.logger.warn(`QR status poll failed, polling again: ${describeError(err)}`);
        await this.sleep(this.settings.pollIntervalMs);
        continue;
      }
      if (await this.handle(answer)) return;
    }
    this.finishAborted();
  }

  /** Applies one status answer; answers whether the login ended. */
  private async handle(answer: QrStatusAnswer): Promise<boolean> {
    switch (answer.status) {
      case 'scaned':
        this.pendingCode = undefined;
        this.update('scaned', { verifyCodePending: false, verifyCodeRejected: false });
        break;
      case 'need_verifycode': {
        const wrong = this.pendingCode !== undefined;
        this.pendingCode = undefined;
        this.update('need_verifycode', { verifyCodePending: false, verifyCodeRejected: wrong });
        return false;
      }
      case 'verify_code_blocked':
      case 'expired':
        this.pendingCode = undefined;
        this.update(answer.status, { verifyCodePending: false });
        return !(await this.newQr());
      case 'scaned_but_redirect': {
        const host = answer.redirect_host?.trim();
        if (host) this.redirectHost = host;
        this.update('scaned_but_redirect', { redirectHost: this.redirectHost });
        break;
      }
      case 'binded_redirect':
        return this.bound();
      case 'confirmed':
        return this.confirmed(answer);
      default:
        // `wait` and unknown statuses (official behaviour): nothing new, poll again.
        break;
    }
    await this.sleep(this.settings.pollIntervalMs);
    return false;
  }

  private async newQr(): Promise<boolean> {
    if (this.qrCount >= this.settings.maxQrCodes) {
      this.fail('qr-limit', M.qrLimit(this.settings.maxQrCodes));
      return false;
    }
    try {
      const tokens = await this.deps.localTokens();
      const qr = await this.deps.client.getBotQrcode({
        localTokens: tokens,
        signal: this.abort.signal,
      });
      this.localTokenCount = tokens.length;
      this.qrcode = qr.qrcode;
      this.qrCount += 1;
      this.redirectHost = undefined;
      const dataUrl = await renderQrDataUrl(qr.qrcodeImgContent);
      this.update('wait', {
        qr: { content: qr.qrcodeImgContent, dataUrl, number: this.qrCount },
        redirectHost: undefined,
        verifyCodeRejected: false,
      });
      return true;
    } catch (err) {
      if (this.abort.signal.aborted) this.finishAborted();
      else this.fail('qr-request-failed', M.qrRequestFailed(describeError(err)));
      return false;
    }
  }

  private bound(): boolean {
    if (this.localTokenCount === 0) {
      this.fail('already-bound', M.alreadyBoundWithoutLocal());
    } else {
      this.finish('binded_redirect', {});
    }
    return true;
  }

  private async confirmed(answer: QrStatusAnswer): Promise<boolean> {
    const accountId = answer.ilink_bot_id?.trim();
    const token = answer.bot_token?.trim();
    if (!accountId) return this.failed('missing-credentials', M.missingCredentials('ilink_bot_id'));
    if (!token) return this.failed('missing-credentials', M.missingCredentials('bot_token'));
    const ownerUserId = answer.ilink_user_id?.trim() || undefined;
    try {
      if (!(await this.deps.claim())) {
        this.endElsewhere();
        this.finishAborted();
        return true;
      }
      await this.deps.confirm({
        accountId,
        token,
        baseUrl: answer.baseurl?.trim() || this.deps.defaultBaseUrl,
        ownerUserId,
      });
    } catch (err) {
      return this.failed('store-failed', M.storeFailed(describeError(err)));
    }
    this.finish('confirmed', { accountId, ownerUserId });
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return abortableSleep(ms, this.abort.signal);
  }

  private finishAborted(): void {
    if (this.snapshot.final) return;
    const reason: unknown = this.abort.signal.reason;
    if (reason === 'ended-elsewhere') this.finish('cancelled', { error: M.cancelled() });
    else if (reason === 'cancelled') this.finish('cancelled', { error: M.cancelled() });
    else if (reason === 'shutdown') this.fail('shutdown', M.shutdown());
    else this.fail('deadline', M.deadline(this.settings.deadlineMs));
  }

  private failed(failure: WeixinLoginFailure, error: string): boolean {
    this.fail(failure, error);
    return true;
  }

  private fail(failure: WeixinLoginFailure, error: string): void {
    this.finish('failed', { failure, error });
  }

  private finish(status: WeixinLoginStatus, patch: Partial<WeixinLoginSnapshot>): void {
    if (this.snapshot.final) return;
    this.pendingCode = undefined;
    this.qrcode = '';
    this.update(status, { ...patch, verifyCodePending: false });
    this.snapshots.complete();
    if (!this.abort.signal.aborted) this.abort.abort('finished');
  }

  private update(status: WeixinLoginStatus, patch: Partial<WeixinLoginSnapshot>): void {
    this.snapshots.update(status, patch);
  }
}
