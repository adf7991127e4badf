import { Inject, Injectable, Logger } from '@nestjs/common';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import { WeixinUnknownAccountError } from '../../accounts/weixin-unknown-account.error.js';
import type { IlinkAccount } from '../../client/index.js';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../../weixin.constants.js';
import {
  DeliveryStore,
  type DeliveryOutcome,
  type StoredDelivery,
} from '../ledger/delivery.store.js';
import { SendLedger } from '../ledger/send.ledger.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import { DeliveryAttemptService, type AttemptResult } from './delivery-attempt.service.js';
import { DeliveryEvents } from './delivery.events.js';
import { describe } from './delivery.outcomes.js';

/** How `M.truncated` notes begin. */
const TRUNCATED = M.truncated(0).split(':')[0]! + ':';

/**
 * Sends claimed deliveries (state `sending`) of one user in order under one context token, one
 * `sendmessage` per record, and stores each outcome: `accepted`; `unknown` after a transport
 * failure that may have reached the server or an empty body (never resent); `ret -2` classified
 * (queued behind the breaker or a retired token, or `rejected` for a too long text); `-14` marks
 * the account `needs_relogin` and queues. After a failure the remaining records are queued and
 * their slots given back (unless the token was retired). An internal error (database, event
 * handler) never leaves a record `sending`: the current one is settled as far as it is known and
 * the untried ones are queued again.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger(DeliverySender.name);

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly accounts: WeixinAccountsService,
    private readonly store: DeliveryStore,
    private readonly ledger: SendLedger,
    private readonly attempts: DeliveryAttemptService,
    private readonly deliveryEvents: DeliveryEvents,
  ) {}

  /**
   * Sends `records` (claimed under `token`, in order); answers them settled (a record whose row
   * is gone is left out).
   */
  async deliver(
    accountId: string,
    userId: string,
    records: StoredDelivery[],
    token: string,
  ): Promise<StoredDelivery[]> {
    const ttl = this.options.send.outbox.ttlMs;
    const out: StoredDelivery[] = [];
    let account: IlinkAccount;
    try {
      account = await this.accounts.ref(accountId);
    } catch (err) {
      if (!(err instanceof WeixinUnknownAccountError)) {
        // Reading the account failed (a database error): nothing was sent, the records wait.
        await this.abandon(
          accountId,
          userId,
          records.map((r) => r.id),
          token,
          err,
          out,
        );
        throw err;
      }
      const outcome: DeliveryOutcome = {
        state: 'rejected',
        reason: M.cannotSend(describe(err)),
        cause: 'invalid',
        attempted: false,
      };
      for (const r of records) {
        const settled = await this.store.settle(r, outcome, ttl);
        if (settled) out.push(settled);
      }
      await this.ledger.release(accountId, userId, records.length, token);
      this.deliveryEvents.emit(out);
      return out;
    }
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const rest = records.slice(i + 1).map((r) => r.id);
      let result: AttemptResult;
      try {
        result = await this.attempts.attempt(account, record, token);
        keepTruncationNote(record, result.outcome);
        const settled = await this.settle(record, result.outcome, ttl);
        if (settled) {
          out.push(settled);
          this.deliveryEvents.emit([settled]);
        }
        if (result.stop) {
          const requeued = await this.store.requeue(
            rest,
            result.stop.reason,
            result.stop.cause,
            ttl,
          );
          out.push(...requeued);
          this.deliveryEvents.emit(requeued);
        }
      } catch (err) {
        await this.abandon(accountId, userId, rest, token, err, out);
        throw err;
      }
      if (result.stop) {
        if (!result.tokenRetired) {
          const unused = rest.length + (result.slotUnused ? 1 : 0);
          await this.ledger.release(accountId, userId, unused, token);
        }
        break;
      }
    }
    return out;
  }

  /** Stores an outcome, trying a second time when the first write fails. */
  private async settle(
    record: StoredDelivery,
    outcome: DeliveryOutcome,
    ttl: number,
  ): Promise<StoredDelivery | null> {
    try {
      return await this.store.settle(record, outcome, ttl);
    } catch (err) {
      this.logger.warn(M.settleRetry(record.id, describe(err)));
      return this.store.settle(record, outcome, ttl);
    }
  }

  /**
   * After an internal error: the untried records (`ids`) go back to the outbox and their slots
   * are given back, as far as the database allows (failures are logged, the error is the
   * caller's).
   */
  private async abandon(
    accountId: string,
    userId: string,
    ids: string[],
    token: string,
    err: unknown,
    out: StoredDelivery[],
  ): Promise<void> {
    const why = describe(err);
    this.logger.error(M.internalError(why));
    try {
      const requeued = await this.store.requeue(
        ids,
        M.internalError(why),
        'internal',
        this.options.send.outbox.ttlMs,
      );
      out.push(...requeued);
      this.deliveryEvents.emit(requeued);
      await this.ledger.release(accountId, userId, requeued.length, token);
    } catch (again) {
      this.logger.error(M.internalError(describe(again)));
    }
  }
}

/** Keeps the truncation note of a truncated text's last part (`M.truncated`) on its outcome. */
function keepTruncationNote(record: StoredDelivery, outcome: DeliveryOutcome): void {
  const note = record.reason?.startsWith(TRUNCATED) ? record.reason.split('; ')[0] : undefined;
  if (note === undefined) return;
  outcome.reason = outcome.reason ? `${outcome.reason}; ${note}` : note;
}
