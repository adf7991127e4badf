import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import {
  DeadLetterStore,
  type DeadLetter,
  type DeadLetterQuery,
} from '../../persistence/dead-letter.store.js';
import { PollingService } from '../../polling/polling.service.js';
import { WeixinUnknownDeadLetterError } from '../errors/weixin-unknown-dead-letter.error.js';
import { WeixinAdminEvents, type WeixinDeadLettersReplayedEvent } from '../weixin-admin.events.js';

/** The dead-letter area of the admin API: list dead-lettered messages and replay them. */
@Injectable()
export class AdminDeadLettersService {
  constructor(
    private readonly accounts: WeixinAccountsService,
    private readonly deadLetters: DeadLetterStore,
    private readonly polling: PollingService,
    private readonly events: EventEmitter2,
  ) {}

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
}
