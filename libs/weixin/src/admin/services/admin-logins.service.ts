import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { WeixinLoginError } from '../../login/weixin-login.error.js';
import { WeixinLoginService } from '../../login/weixin-login.service.js';
import type { WeixinLoginSnapshot } from '../../login/weixin-login.types.js';
import { AdminMessages as M } from '../admin.messages.js';
import { WEIXIN_ADMIN_OPTIONS, type ResolvedWeixinAdminOptions } from '../weixin-admin.options.js';

/** The QR login area of the admin API, within the configured deadline and wait limits. */
@Injectable()
export class AdminLoginsService {
  constructor(
    @Inject(WEIXIN_ADMIN_OPTIONS) private readonly options: ResolvedWeixinAdminOptions,
    private readonly login: WeixinLoginService,
  ) {}

  /**
   * Starts a QR login (a `deadlineMs` above the configured `loginDeadlineMs` is cut to it); its
   * snapshot carries the QR content and PNG data URL.
   */
  startLogin(deadlineMs?: number): Promise<WeixinLoginSnapshot> {
    const max = this.options.loginDeadlineMs;
    return this.login.start({
      deadlineMs: Math.min(deadlineMs ?? max, max),
      maxActiveLogins: this.options.maxActiveLogins,
    });
  }

  /** A login's snapshot, after waiting up to `waitMs` for a change past `afterVersion`. */
  async getLogin(loginId: string, waitMs = 0, afterVersion?: number): Promise<WeixinLoginSnapshot> {
    const wait = Math.min(waitMs, this.options.maxLoginWaitMs);
    if (wait <= 0) return this.login.get(loginId);
    return this.login.waitForChange(loginId, wait, afterVersion);
  }

  /** Every change of a login (for SSE); throws when the login is unknown. */
  async loginChanges(loginId: string): Promise<Observable<WeixinLoginSnapshot>> {
    await this.login.get(loginId);
    return this.login.changes(loginId);
  }

  /** Submits a verify code. */
  submitVerifyCode(loginId: string, code: string): Promise<WeixinLoginSnapshot> {
    return this.login.submitVerifyCode(loginId, code);
  }

  /** Cancels a login. */
  cancelLogin(loginId: string): Promise<WeixinLoginSnapshot> {
    return this.login.cancel(loginId);
  }

  /** The login's QR code as a PNG. */
  async loginQrPng(loginId: string): Promise<Buffer> {
    const png = await this.login.qrPng(loginId);
    if (!png) throw new WeixinLoginError(M.noQr(), 'WEIXIN_LOGIN_NOT_FOUND');
    return png;
  }
}
