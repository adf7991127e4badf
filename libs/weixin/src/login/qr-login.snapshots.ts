import { Logger } from '@nestjs/common';
import { BehaviorSubject, type Observer, type Subscription } from 'rxjs';
import { describeError } from '../errors/describe-error.js';
import type { QrLoginDeps } from './qr-login-session.types.js';
import {
  FINAL_LOGIN_STATUSES,
  type WeixinLoginSnapshot,
  type WeixinLoginStatus,
} from './weixin-login.types.js';

/**
 * The snapshots of one QR login: the current one, each change numbered (`version`) and recorded
 * through `deps.record` one after another, in order, until the login ends or ends elsewhere.
 */
export class QrLoginSnapshots {
  private readonly logger = new Logger('QrLoginSession');
  private readonly subject: BehaviorSubject<WeixinLoginSnapshot>;
  private recording: Promise<void> = Promise.resolve();
  private endedElsewhere = false;

  constructor(
    private readonly loginId: string,
    private readonly record: QrLoginDeps['record'],
    first: WeixinLoginSnapshot,
    /** Called when a record answers that the login already ended elsewhere. */
    private readonly onEndedElsewhere: () => void,
  ) {
    this.subject = new BehaviorSubject<WeixinLoginSnapshot>(first);
  }

  /** The current snapshot. */
  get current(): WeixinLoginSnapshot {
    return this.subject.value;
  }

  /** Resolves when every change so far is recorded. */
  flushed(): Promise<void> {
    return this.recording;
  }

  subscribe(observer: Partial<Observer<WeixinLoginSnapshot>>): Subscription {
    return this.subject.subscribe(observer);
  }

  /** The login ended on another replica: nothing more is recorded. */
  markEndedElsewhere(): void {
    this.endedElsewhere = true;
  }

  /** The next snapshot: `status` and `patch` over the current one (ignored once final). */
  update(status: WeixinLoginStatus, patch: Partial<WeixinLoginSnapshot>): void {
    const prev = this.subject.value;
    if (prev.final) return;
    const final = FINAL_LOGIN_STATUSES.includes(status);
    const updatedAt = new Date();
    this.subject.next({
      ...prev,
      ...patch,
      status,
      version: prev.version + 1,
      final,
      updatedAt,
    });
    if (!this.endedElsewhere) this.enqueueRecord({ ...patch, status, updatedAt }, final);
  }

  /** No snapshot follows. */
  complete(): void {
    this.subject.complete();
  }

  /** Records changes one after another, in order. */
  private enqueueRecord(patch: Partial<WeixinLoginSnapshot>, final: boolean): void {
    this.recording = this.recording.then(async () => {
      if (this.endedElsewhere) return;
      try {
        if (!(await this.record(patch, final))) this.onEndedElsewhere();
      } catch (err) {
        this.logger.warn(`could not record QR login ${this.loginId}: ${describeError(err)}`);
      }
    });
  }
}
