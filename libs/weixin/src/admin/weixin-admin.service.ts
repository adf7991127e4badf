import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Observable } from 'rxjs';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { WeixinUnknownAccountError } from '../accounts/weixin-unknown-account.error.js';
import { WeixinLoginError } from '../login/weixin-login.error.js';
import { WeixinLoginService } from '../login/weixin-login.service.js';
import type { WeixinLoginSnapshot } from '../login/weixin-login.types.js';
import { MediaService } from '../media/media.service.js';
import type { WeixinMediaSource } from '../media/media.types.js';
import type { DeliveryRecord, UserLedger } from '../outbound/outbound.types.js';
import { WeixinMessageService } from '../outbound/weixin-message.service.js';
import { AccountStatusStore, type AccountStatusRow } from '../persistence/account-status.store.js';
import {
  DeadLetterStore,
  type DeadLetter,
  type DeadLetterQuery,
} from '../persistence/dead-letter.store.js';
import { WeixinStore } from '../persistence/weixin.store.js';
import { PollingService } from '../polling/polling.service.js';
import { TypingService } from '../typing/typing.service.js';
import type { WeixinTypingState } from '../typing/typing-state.interface.js';
import { AdminMessages as M } from './admin.messages.js';
import { WeixinAccountNeedsLoginError } from './errors/weixin-account-needs-login.error.js';
import { WeixinDeliveryNotQueuedError } from './errors/weixin-delivery-not-queued.error.js';
import { WeixinServiceMissingError } from './errors/weixin-service-missing.error.js';
import { WeixinUnknownDeadLetterError } from './errors/weixin-unknown-dead-letter.error.js';
import { WeixinUnknownDeliveryError } from './errors/weixin-unknown-delivery.error.js';
import type { AdminAccountView } from './admin-account.view.js';
import { WeixinAdminEvents, type WeixinDeadLettersReplayedEvent } from './weixin-admin.events.js';
import { WEIXIN_ADMIN_OPTIONS, type ResolvedWeixinAdminOptions } from './weixin-admin.options.js';

/** What a media send takes. */
export interface AdminMediaSend {
  kind: 'image' | 'video' | 'file';
  source: WeixinMediaSource;
  caption?: string;
  fileName?: string;
  idempotencyKey?: string;
}

/**
 * Everything the admin REST API does, for apps that want their own controllers: accounts, QR
 * logins, typing, sends, deliveries, the outbox, user ledgers and dead letters. Throws library
 * errors (`WeixinError` subclasses), never HTTP exceptions.
 */
@Injectable()
export class WeixinAdminService {
  constructor(
    @Inject(WEIXIN_ADMIN_OPTIONS) private readonly options: ResolvedWeixinAdminOptions,
    private readonly accounts: WeixinAccountsService,
    private readonly store: WeixinStore,
    private readonly statusStore: AccountStatusStore,
    private readonly deadLetters: DeadLetterStore,
    private readonly polling: PollingService,
    private readonly login: WeixinLoginService,
    private readonly events: EventEmitter2,
    private readonly messageService: WeixinMessageService,
    @Optional() private readonly typing?: TypingService,
    @Optional() private readonly media?: MediaService,
  ) {}

  // ── accounts ──────────────────────────────────────────────────────────────────────────────

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

  // ── QR login ──────────────────────────────────────────────────────────────────────────────

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

  // ── typing ────────────────────────────────────────────────────────────────────────────────

  /** Shows "typing…" to a user for up to `durationMs`. */
  async startTyping(
    accountId: string,
    userId: string,
    durationMs?: number,
  ): Promise<WeixinTypingState> {
    await this.accounts.get(accountId);
    const typing = this.requireTyping();
    await typing.start(accountId, userId, { durationMs });
    return typing.state(accountId, userId);
  }

  /** Ends every typing lease of a user (status 2 is sent). */
  async stopTyping(accountId: string, userId: string): Promise<WeixinTypingState> {
    await this.accounts.get(accountId);
    const typing = this.requireTyping();
    await typing.stop(accountId, userId);
    return typing.state(accountId, userId);
  }

  /** The typing channels by name (`ilink` first). */
  typingChannels(): string[] {
    return this.requireTyping().channelNames();
  }

  /** A user's indicator on a configured channel. */
  channelTypingState(channel: string, userId: string): WeixinTypingState {
    const typing = this.requireTyping();
    typing.channel(channel);
    return typing.state({ channel, userId });
  }

  /** Shows "typing…" on a configured channel (NXCloud needs `messageId`). */
  async startChannelTyping(
    channel: string,
    userId: string,
    durationMs?: number,
    messageId?: string,
  ): Promise<WeixinTypingState> {
    const typing = this.requireTyping();
    await typing.start({ channel, userId, messageId }, { durationMs });
    return typing.state({ channel, userId });
  }

  /** Ends every lease of a user on a configured channel. */
  async stopChannelTyping(channel: string, userId: string): Promise<WeixinTypingState> {
    const typing = this.requireTyping();
    typing.channel(channel);
    await typing.stop({ channel, userId });
    return typing.state({ channel, userId });
  }

  /** The user wrote on `channel` now. */
  channelUserInteracted(channel: string, userId: string): WeixinTypingState {
    const typing = this.requireTyping();
    typing.userInteracted(channel, userId);
    return typing.state({ channel, userId });
  }

  /** The app sent the user a message on `channel`. */
  async channelReplied(channel: string, userId: string): Promise<WeixinTypingState> {
    const typing = this.requireTyping();
    typing.channel(channel);
    await typing.replied({ channel, userId });
    return typing.state({ channel, userId });
  }

  // ── sends ─────────────────────────────────────────────────────────────────────────────────

  /** Sends a text; answers its delivery records. */
  async sendText(
    accountId: string,
    userId: string,
    text: string,
    idempotencyKey?: string,
  ): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    return this.messageService.send(accountId, userId, text, { idempotencyKey });
  }

  /** Uploads and sends a media item (caption first); answers the delivery records. */
  async sendMedia(accountId: string, userId: string, m: AdminMediaSend): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    const media = this.media;
    if (!media) throw new WeixinServiceMissingError('MediaService');
    const opts = { caption: m.caption, fileName: m.fileName, idempotencyKey: m.idempotencyKey };
    if (m.kind === 'image') return media.sendImage(accountId, userId, m.source, opts);
    if (m.kind === 'video') return media.sendVideo(accountId, userId, m.source, opts);
    return media.sendFile(accountId, userId, m.source, opts);
  }

  /** One delivery record; throws (404) when unknown. */
  async getDelivery(deliveryId: string): Promise<DeliveryRecord> {
    const record = await this.messageService.getDelivery(deliveryId);
    if (!record) throw new WeixinUnknownDeliveryError(deliveryId);
    return record;
  }

  /** Queued messages of an account (of one user when given), one page in sending order. */
  async listOutbox(
    accountId: string,
    page: { userId?: string; afterId?: string; limit?: number } = {},
  ): Promise<DeliveryRecord[]> {
    await this.accounts.get(accountId);
    return this.messageService.listOutbox({ accountId, ...page });
  }

  /** Cancels a queued message of an account; answers its record. */
  async cancelOutbox(accountId: string, deliveryId: string): Promise<DeliveryRecord> {
    await this.accounts.get(accountId);
    const record = await this.messageService.getDelivery(deliveryId);
    if (!record || record.accountId !== accountId) {
      throw new WeixinUnknownDeliveryError(deliveryId, 'The outbox entry');
    }
    const cancelled = await this.messageService.cancelQueued(deliveryId);
    if (!cancelled) throw new WeixinDeliveryNotQueuedError(deliveryId, record.state);
    return cancelled;
  }

  /** The reply window, quota and typing state of a user. */
  async userLedger(
    accountId: string,
    userId: string,
  ): Promise<{ ledger: UserLedger; typing?: WeixinTypingState }> {
    await this.accounts.get(accountId);
    const ledger = await this.messageService.ledger(accountId, userId);
    return { ledger, typing: this.typing?.state(accountId, userId) };
  }

  // ── dead letters ──────────────────────────────────────────────────────────────────────────

  /** Dead-lettered inbound messages. */
  async listDeadLetters(q: DeadLetterQuery): Promise<DeadLetter[]> {
    if (q.accountId !== undefined) await this.accounts.get(q.accountId);
    return this.deadLetters.list(q);
  }

  /**
   * Sets a dead letter back to `pending` (attempts reset). The replica polling its account
   * dispatches it: at once when that is this one, else with its pending sweep.
   */
  async replayDeadLetter(id: string): Promise<{ id: string; accountId: string }> {
    const [replayed] = await this.deadLetters.replay([id]);
    if (!replayed) throw new WeixinUnknownDeadLetterError(id);
    const event: WeixinDeadLettersReplayedEvent = {
      accountId: replayed.accountId,
      inboxIds: [replayed.id],
    };
    this.events.emit(WeixinAdminEvents.DeadLettersReplayed, event);
    if (this.polling.isPolling(replayed.accountId)) await this.polling.sweep();
    return replayed;
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

  private requireTyping(): TypingService {
    if (!this.typing) throw new WeixinServiceMissingError('TypingService');
    return this.typing;
  }
}
