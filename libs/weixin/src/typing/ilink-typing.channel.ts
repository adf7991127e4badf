import { IlinkRejectedError, type IlinkClient } from '../client/index.js';
import type { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { TypingStatus } from '../protocol/enums.js';
import { ILINK_TYPING_CHANNEL } from '../weixin.constants.js';
import type { TypingTicketCache } from './typing-ticket.cache.js';
import type { WeixinTypingChannel } from './weixin-typing-channel.interface.js';

/** Whether a `sendtyping` error says the ticket is invalid (a `-2` that is not a rate limit). */
function isTicketRejection(err: unknown): boolean {
  return err instanceof IlinkRejectedError && !err.rateLimited;
}

/**
 * The iLink typing channel (protocol §11): `sendtyping` with the user's `getconfig` ticket,
 * `status: 1` to show and keep alive, `status: 2` to cancel. Without a ticket (back-off) the call
 * is skipped; a rejected ticket is replaced once and the call repeated. Every outcome is fed back
 * to the ticket cache: a success ends its back-off, a rejected replacement starts it.
 */
export class IlinkTypingChannel implements WeixinTypingChannel {
  /** `ilink`. */
  readonly name = ILINK_TYPING_CHANNEL;

  constructor(
    private readonly client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    private readonly tickets: TypingTicketCache,
  ) {}

  /** Sends `status: 1`. */
  start(accountId: string, userId: string): Promise<void> {
    return this.send(accountId, userId, TypingStatus.Typing);
  }

  /** Sends `status: 1` again. */
  keepAlive(accountId: string, userId: string): Promise<void> {
    return this.send(accountId, userId, TypingStatus.Typing);
  }

  /** Sends `status: 2`. */
  stop(accountId: string, userId: string): Promise<void> {
    return this.send(accountId, userId, TypingStatus.Cancel);
  }

  private async send(accountId: string, userId: string, status: TypingStatus): Promise<void> {
    const ticket = await this.tickets.get(accountId, userId);
    if (!ticket) return;
    const account = await this.accounts.ref(accountId);
    try {
      await this.client.sendTyping(account, userId, ticket, status);
    } catch (err) {
      if (!isTicketRejection(err)) throw err;
      const fresh = await this.tickets.replace(accountId, userId, ticket);
      if (!fresh) return;
      try {
        await this.client.sendTyping(account, userId, fresh, status);
      } catch (again) {
        if (!isTicketRejection(again)) throw again;
        await this.tickets.rejected(accountId, userId, fresh);
        return;
      }
    }
    this.tickets.confirm(accountId, userId);
  }
}
