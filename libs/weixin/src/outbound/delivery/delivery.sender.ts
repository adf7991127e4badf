import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import { WeixinUnknownAccountError } from '../../accounts/weixin-unknown-account.error.js';
import {
  IlinkClient,
  IlinkEmptyResponseError,
  IlinkHttpStatusError,
  IlinkRejectedError,
  IlinkSessionExpiredError,
  IlinkTransportError,
  IlinkApiError,
  type IlinkAccount,
} from '../../client/index.js';
import { MessageItemType, type MessageItem } from '../../protocol/index.js';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { WeixinStore } from '../../persistence/index.js';
import { WEIXIN_OPTIONS } from '../../weixin.constants.js';
import {
  SESSION_EXPIRED_HINT,
  WeixinEvents,
  type WeixinSessionExpiredEvent,
} from '../../weixin.events.js';
import { DeliveryEvents } from './delivery.events.js';
import {
  DeliveryStore,
  type DeliveryOutcome,
  type StoredDelivery,
} from '../ledger/delivery.store.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import type { DeliveryCause } from '../../interfaces/outbound.types.js';
import { classifyReject } from './reject.classifier.js';
import { SendBreaker } from '../ledger/send.breaker.js';
import { SendLedger } from '../ledger/send.ledger.js';

/** The server's text limit in UTF-8 bytes (protocol §13). */
const SERVER_TEXT_BYTES = 16_384;
/** How `M.truncated` notes begin. */
const TRUNCATED = M.truncated(0).split(':')[0]! + ':';
/** `ret` of the server's "invalid arguments" (protocol §18). */
const INVALID_ARGUMENTS_RET = -3;
/** Transport failures that happen before a request can reach the server. */
const NOT_SENT_KINDS = new Set(['dns', 'refused', 'tls']);

/** What one attempt did and what happens to the messages after it. */
interface AttemptResult {
  outcome: DeliveryOutcome;
  /** Stop the send: the later messages go back to the outbox with this reason. */
  stop?: { reason: string; cause: DeliveryCause };
  /** Whether this message's claimed slot was not used by the server. */
  slotUnused?: boolean;
  /**
   * Whether the token was retired (the server refused it): the slots of the later messages are
   * not given back, or the refused token would be claimed again.
   */
  tokenRetired?: boolean;
}

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
    private readonly client: IlinkClient,
    private readonly accounts: WeixinAccountsService,
    private readonly store: DeliveryStore,
    private readonly weixinStore: WeixinStore,
    private readonly ledger: SendLedger,
    private readonly breaker: SendBreaker,
    private readonly deliveryEvents: DeliveryEvents,
    private readonly events: EventEmitter2,
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
        result = await this.attempt(account, record, token);
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

  private async attempt(
    account: IlinkAccount,
    record: StoredDelivery,
    token: string,
  ): Promise<AttemptResult> {
    const item = itemOf(record);
    let answer: Awaited<ReturnType<IlinkClient['sendMessage']>>;
    try {
      answer = await this.client.sendMessage(account, {
        to_user_id: record.userId,
        client_id: record.clientId,
        context_token: token,
        item_list: [item],
      });
    } catch (err) {
      try {
        return await this.failure(record, token, err);
      } catch (internal) {
        const why = describe(internal);
        const outcome = queued(M.internalAfterAnswer(why), 'internal', undefined, true);
        if (err instanceof IlinkApiError) {
          if (err.ret !== undefined) outcome.ret = err.ret;
          if (err.errmsg) outcome.errmsg = err.errmsg;
        }
        return {
          outcome,
          stop: { reason: M.internalError(why), cause: 'internal' },
          slotUnused: true,
        };
      }
    }
    const outcome: DeliveryOutcome = { state: 'accepted', attempted: true };
    if (answer.messageId !== undefined) outcome.serverMessageId = answer.messageId;
    return { outcome };
  }

  private async failure(
    record: StoredDelivery,
    token: string,
    err: unknown,
  ): Promise<AttemptResult> {
    const previous = M.previousFailed();
    if (err instanceof IlinkSessionExpiredError) {
      await this.weixinStore.setAccountState(record.accountId, 'needs_relogin', err.message);
      const expired: WeixinSessionExpiredEvent = {
        accountId: record.accountId,
        hint: SESSION_EXPIRED_HINT,
      };
      if (err.errmsg) expired.errmsg = err.errmsg;
      this.events.emit(WeixinEvents.SessionExpired, expired);
      this.logger.warn(`account ${record.accountId} answered -14 on sendmessage: needs re-login`);
      const outcome = queued(M.sessionExpired(), 'session', err, true);
      return { outcome, stop: { reason: M.sessionExpired(), cause: 'session' }, slotUnused: true };
    }
    if (err instanceof IlinkRejectedError) {
      return this.rejected(record, token, err);
    }
    if (err instanceof IlinkTransportError) {
      if (NOT_SENT_KINDS.has(err.kind)) {
        const outcome = queued(M.notSent(err.kind), 'transport', undefined, true);
        return { outcome, stop: { reason: previous, cause: 'transport' }, slotUnused: true };
      }
      const outcome = unknown(M.unknownTransport(err.kind));
      return { outcome, stop: { reason: previous, cause: 'transport' } };
    }
    if (err instanceof IlinkEmptyResponseError) {
      return { outcome: unknown(M.unknownEmpty()), stop: { reason: previous, cause: 'transport' } };
    }
    if (err instanceof IlinkHttpStatusError) {
      const outcome = unknown(M.unknownHttp(err.status));
      return { outcome, stop: { reason: previous, cause: 'transport' } };
    }
    if (err instanceof IlinkApiError) {
      const invalid = err.ret === INVALID_ARGUMENTS_RET;
      const outcome: DeliveryOutcome = {
        state: 'rejected',
        reason: invalid ? M.serverInvalidArguments() : M.serverError(err.ret),
        cause: invalid ? 'invalid-arguments' : 'rejected',
        attempted: true,
      };
      if (err.ret !== undefined) outcome.ret = err.ret;
      if (err.errmsg) outcome.errmsg = err.errmsg;
      return { outcome, stop: { reason: previous, cause: 'rejected' }, slotUnused: true };
    }
    this.logger.warn(
      `sendmessage failed for delivery ${record.id}: ${err instanceof Error ? err.name : 'error'}`,
    );
    const outcome = unknown(M.unknownTransport('other'));
    return { outcome, stop: { reason: previous, cause: 'transport' } };
  }

  private async rejected(
    record: StoredDelivery,
    token: string,
    err: IlinkRejectedError,
  ): Promise<AttemptResult> {
    const o = this.options.send;
    const accountId = record.accountId;
    const state = await this.ledger.read(record.accountId, record.userId, o.windowMs);
    const cause = classifyReject({
      errmsg: err.errmsg,
      text: record.text,
      maxServerBytes: Math.min(SERVER_TEXT_BYTES, o.maxTextBytes),
      repliesUsed: state.contextToken === token ? state.repliesUsed : 0,
      quota: o.quota,
      windowOpen: state.windowOpen,
      voice: record.kind === 'voice',
    });
    const base = { ret: err.ret ?? -2, errmsg: err.errmsg, attempted: true };
    const finalAttempt = record.attempts + 1 >= o.outbox.maxAttempts;
    const unexplained = cause === 'rejected' || cause === 'no-errmsg';
    if (cause === 'too-long' || cause === 'voice-refused' || (finalAttempt && unexplained)) {
      const reason =
        cause === 'too-long'
          ? M.serverTooLong()
          : cause === 'voice-refused'
            ? M.serverVoiceRefused()
            : M.serverRejectedFinal(record.attempts + 1, err.errmsg);
      const outcome: DeliveryOutcome = { ...base, state: 'rejected', reason, cause };
      return {
        outcome,
        stop: { reason: M.previousFailed(), cause: 'rejected' },
        slotUnused: true,
      };
    }
    if (cause === 'quota' || cause === 'window' || cause === 'prepare-failed') {
      await this.ledger.retire(record.accountId, record.userId, o.quota, token);
      const reason =
        cause === 'quota'
          ? M.serverQuota()
          : cause === 'window'
            ? M.serverWindow()
            : M.serverPrepareFailed();
      return {
        outcome: { ...base, state: 'queued', reason, cause },
        stop: { reason, cause },
        tokenRetired: true,
      };
    }
    const limited = cause === 'rate-limited';
    const ms = limited ? o.breaker.rateLimitedMs : o.breaker.rejectedMs;
    const until = await this.breaker.open(accountId, ms, cause);
    this.events.emit(WeixinEvents.BreakerOpened, { accountId, until, reason: cause });
    this.logger.warn(`send breaker of ${accountId} open until ${until.toISOString()} (${cause})`);
    const reason = limited
      ? M.serverRateLimited(until)
      : cause === 'no-errmsg'
        ? M.serverNoErrmsg(until)
        : M.serverRejected(until);
    return {
      outcome: { ...base, state: 'queued', reason, cause },
      stop: { reason: M.breakerOpen(until), cause: 'breaker' },
      slotUnused: true,
    };
  }
}

function itemOf(record: StoredDelivery): MessageItem {
  if (record.kind === 'text') {
    const item: MessageItem = {
      type: MessageItemType.Text,
      text_item: { text: record.text ?? '' },
    };
    // A quoting text keeps its `ref_msg` in the record's item.
    if (record.item?.ref_msg) item.ref_msg = record.item.ref_msg;
    return item;
  }
  return record.item!;
}

function queued(
  reason: string,
  cause: DeliveryCause,
  err: IlinkApiError | undefined,
  attempted: boolean,
): DeliveryOutcome {
  const outcome: DeliveryOutcome = { state: 'queued', reason, cause, attempted };
  if (err?.ret !== undefined) outcome.ret = err.ret;
  if (err?.errmsg) outcome.errmsg = err.errmsg;
  return outcome;
}

function unknown(reason: string): DeliveryOutcome {
  return { state: 'unknown', reason, cause: 'transport', attempted: true };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Keeps the truncation note of a truncated text's last part (`M.truncated`) on its outcome. */
function keepTruncationNote(record: StoredDelivery, outcome: DeliveryOutcome): void {
  const note = record.reason?.startsWith(TRUNCATED) ? record.reason.split('; ')[0] : undefined;
  if (note === undefined) return;
  outcome.reason = outcome.reason ? `${outcome.reason}; ${note}` : note;
}
