import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
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
import type { DeliveryCause } from '../../interfaces/outbound.types.js';
import type { DeliveryOutcome, StoredDelivery } from '../ledger/delivery.records.js';
import { SendBreaker } from '../ledger/send.breaker.js';
import { SendLedger } from '../ledger/send.ledger.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import { describe, queued, unknown } from './delivery.outcomes.js';
import { classifyReject } from './reject.classifier.js';

/** The server's text limit in UTF-8 bytes (protocol §13). */
const SERVER_TEXT_BYTES = 16_384;
/** `ret` of the server's "invalid arguments" (protocol §18). */
const INVALID_ARGUMENTS_RET = -3;
/** Transport failures that happen before a request can reach the server. */
const NOT_SENT_KINDS = new Set(['dns', 'refused', 'tls']);

/** What one attempt did and what happens to the messages after it. */
export interface AttemptResult {
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
 * One `sendmessage` of a claimed delivery and what its answer means: the outcome to store, and
 * for a failure whether the send of the user's later records stops (`ret -2` classified, `-14`,
 * transport failures that may or may not have reached the server, other `ret` values).
 */
@Injectable()
export class DeliveryAttemptService {
  private readonly logger = new Logger(DeliveryAttemptService.name);

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly client: IlinkClient,
    private readonly weixinStore: WeixinStore,
    private readonly ledger: SendLedger,
    private readonly breaker: SendBreaker,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Sends `record` with one `sendmessage` under `token` and answers what that did: `accepted`,
   * or the failure's outcome and whether the send stops there. Effects of a failure (a `-14`
   * marks the account `needs_relogin`, a `ret -2` may retire the token or open the breaker) are
   * done here.
   */
  async attempt(
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

/** The item a record is sent as (a text's item rebuilt from its stored text). */
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
