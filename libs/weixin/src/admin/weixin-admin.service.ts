import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { WeixinLoginSnapshot } from '../login/weixin-login.types.js';
import type { DeliveryRecord, UserLedger } from '../interfaces/outbound.types.js';
import type { DeadLetter, DeadLetterQuery } from '../persistence/dead-letter.store.js';
import type { WeixinTypingState } from '../typing/typing-state.interface.js';
import type { AdminAccountView } from './admin-account.view.js';
import { AdminAccountsService } from './services/admin-accounts.service.js';
import { AdminDeadLettersService } from './services/admin-dead-letters.service.js';
import { AdminLoginsService } from './services/admin-logins.service.js';
import { AdminSendsService, type AdminMediaSend } from './services/admin-sends.service.js';
import { AdminTypingService } from './services/admin-typing.service.js';

export type { AdminMediaSend } from './services/admin-sends.service.js';

/**
 * Everything the admin REST API does, for apps that want their own controllers: accounts, QR
 * logins, typing, sends, deliveries, the outbox, user ledgers and dead letters. Throws library
 * errors (`WeixinError` subclasses), never HTTP exceptions. Each area is a service of its own
 * (`admin/services/`); this one answers for all of them.
 */
@Injectable()
export class WeixinAdminService {
  constructor(
    private readonly accountsArea: AdminAccountsService,
    private readonly logins: AdminLoginsService,
    private readonly typingArea: AdminTypingService,
    private readonly sends: AdminSendsService,
    private readonly deadLettersArea: AdminDeadLettersService,
  ) {}

  /** Every account with its lease and this replica's polling. */
  listAccounts(): Promise<AdminAccountView[]> {
    return this.accountsArea.listAccounts();
  }

  /** One account with its inbox counts; throws `WeixinUnknownAccountError`. */
  getAccount(accountId: string): Promise<AdminAccountView> {
    return this.accountsArea.getAccount(accountId);
  }

  /** Stops polling an account (state `paused`) on every replica. */
  pauseAccount(accountId: string): Promise<AdminAccountView> {
    return this.accountsArea.pauseAccount(accountId);
  }

  /** Makes a paused account `active`; a replica polls it again at once. */
  resumeAccount(accountId: string): Promise<AdminAccountView> {
    return this.accountsArea.resumeAccount(accountId);
  }

  /** Removes an account and everything stored for it. */
  removeAccount(accountId: string): Promise<void> {
    return this.accountsArea.removeAccount(accountId);
  }

  /**
   * Starts a QR login (a `deadlineMs` above the configured `loginDeadlineMs` is cut to it); its
   * snapshot carries the QR content and PNG data URL.
   */
  startLogin(deadlineMs?: number): Promise<WeixinLoginSnapshot> {
    return this.logins.startLogin(deadlineMs);
  }

  /** A login's snapshot, after waiting up to `waitMs` for a change past `afterVersion`. */
  getLogin(loginId: string, waitMs = 0, afterVersion?: number): Promise<WeixinLoginSnapshot> {
    return this.logins.getLogin(loginId, waitMs, afterVersion);
  }

  /** Every change of a login (for SSE); throws when the login is unknown. */
  loginChanges(loginId: string): Promise<Observable<WeixinLoginSnapshot>> {
    return this.logins.loginChanges(loginId);
  }

  /** Submits a verify code. */
  submitVerifyCode(loginId: string, code: string): Promise<WeixinLoginSnapshot> {
    return this.logins.submitVerifyCode(loginId, code);
  }

  /** Cancels a login. */
  cancelLogin(loginId: string): Promise<WeixinLoginSnapshot> {
    return this.logins.cancelLogin(loginId);
  }

  /** The login's QR code as a PNG. */
  loginQrPng(loginId: string): Promise<Buffer> {
    return this.logins.loginQrPng(loginId);
  }

  /** Shows "typing…" to a user for up to `durationMs`. */
  startTyping(accountId: string, userId: string, durationMs?: number): Promise<WeixinTypingState> {
    return this.typingArea.startTyping(accountId, userId, durationMs);
  }

  /** Ends every typing lease of a user (status 2 is sent). */
  stopTyping(accountId: string, userId: string): Promise<WeixinTypingState> {
    return this.typingArea.stopTyping(accountId, userId);
  }

  /** The typing channels by name (`ilink` first). */
  typingChannels(): string[] {
    return this.typingArea.typingChannels();
  }

  /** A user's indicator on a configured channel. */
  channelTypingState(channel: string, userId: string): WeixinTypingState {
    return this.typingArea.channelTypingState(channel, userId);
  }

  /** Shows "typing…" on a configured channel (NXCloud needs `messageId`). */
  startChannelTyping(
    channel: string,
    userId: string,
    durationMs?: number,
    messageId?: string,
  ): Promise<WeixinTypingState> {
    return this.typingArea.startChannelTyping(channel, userId, durationMs, messageId);
  }

  /** Ends every lease of a user on a configured channel. */
  stopChannelTyping(channel: string, userId: string): Promise<WeixinTypingState> {
    return this.typingArea.stopChannelTyping(channel, userId);
  }

  /** The user wrote on `channel` now. */
  channelUserInteracted(channel: string, userId: string): WeixinTypingState {
    return this.typingArea.channelUserInteracted(channel, userId);
  }

  /** The app sent the user a message on `channel`. */
  channelReplied(channel: string, userId: string): Promise<WeixinTypingState> {
    return this.typingArea.channelReplied(channel, userId);
  }

  /** Sends a text; answers its delivery records. */
  sendText(
    accountId: string,
    userId: string,
    text: string,
    idempotencyKey?: string,
  ): Promise<DeliveryRecord[]> {
    return this.sends.sendText(accountId, userId, text, idempotencyKey);
  }

  /** Uploads and sends a media item (caption first); answers the delivery records. */
  sendMedia(accountId: string, userId: string, m: AdminMediaSend): Promise<DeliveryRecord[]> {
    return this.sends.sendMedia(accountId, userId, m);
  }

  /** One delivery record; throws (404) when unknown. */
  getDelivery(deliveryId: string): Promise<DeliveryRecord> {
    return this.sends.getDelivery(deliveryId);
  }

  /** Queued messages of an account (of one user when given), one page in sending order. */
  listOutbox(
    accountId: string,
    page: { userId?: string; afterId?: string; limit?: number } = {},
  ): Promise<DeliveryRecord[]> {
    return this.sends.listOutbox(accountId, page);
  }

  /** Cancels a queued message of an account; answers its record. */
  cancelOutbox(accountId: string, deliveryId: string): Promise<DeliveryRecord> {
    return this.sends.cancelOutbox(accountId, deliveryId);
  }

  /** The reply window, quota and typing state of a user. */
  userLedger(
    accountId: string,
    userId: string,
  ): Promise<{ ledger: UserLedger; typing?: WeixinTypingState }> {
    return this.sends.userLedger(accountId, userId);
  }

  /** Dead-lettered inbound messages. */
  listDeadLetters(q: DeadLetterQuery): Promise<DeadLetter[]> {
    return this.deadLettersArea.listDeadLetters(q);
  }

  /**
   * Sets a dead letter back to `pending` (attempts reset). The replica polling its account
   * dispatches it: at once when that is this one, else with its pending sweep.
   */
  replayDeadLetter(id: string): Promise<{ id: string; accountId: string }> {
    return this.deadLettersArea.replayDeadLetter(id);
  }
}
