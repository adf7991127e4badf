import { Inject, Injectable } from '@nestjs/common';
import { generateClientId } from '../client/index.js';
import { normalizeRecipient } from '../client/recipient.js';
import type {
  DeliveryRecord,
  DeliveryState,
  OutboundContent,
  ProgressOptions,
  ProgressStep,
  SendOptions,
  UserLedger,
} from '../interfaces/outbound.types.js';
import type { FailedMediaSend } from '../media/media-send.port.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { DeliveryEvents, toPublicRecord } from './delivery/delivery.events.js';
import { DeliverySender } from './delivery/delivery.sender.js';
import { DeliveryStore, type NewDelivery } from './ledger/delivery.store.js';
import { OutboxService } from './ledger/outbox.service.js';
import { SendLedger } from './ledger/send.ledger.js';
import { ProgressFlow } from './progress.flow.js';
import { refusalError } from './refusals/refusal-error.js';
import { SendFlow } from './send.flow.js';
import { WeixinSendRejectedError } from './weixin-send-rejected.error.js';

/**
 * Sends bot messages through the reply ledger: every message gets a delivery record whose state
 * is the truth (`queued`, `sending`, `accepted`, `rejected`, `unknown`, `expired`, `cancelled`);
 * nothing is reported delivered that was not, nothing is dropped without a record.
 *
 * A text is flattened for WeChat and split to the byte and character limits; the reply slots
 * for its parts are claimed atomically in Postgres under the user's current context token (24 h
 * window, quota per token, on the database clock). What cannot go out now — no token, window
 * closed, quota spent, breaker open, session expired — waits in the outbox and is flushed in
 * order when the user writes again.
 */
@Injectable()
export class WeixinMessageService {
  private readonly sends: SendFlow;
  private readonly progress: ProgressFlow;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: DeliveryStore,
    private readonly ledgerDb: SendLedger,
    sender: DeliverySender,
    private readonly outbox: OutboxService,
    private readonly deliveryEvents: DeliveryEvents,
  ) {
    this.sends = new SendFlow(options, store, ledgerDb, sender, outbox, deliveryEvents);
    this.progress = new ProgressFlow(options, store, ledgerDb, this.sends, deliveryEvents);
  }

  /**
   * Sends `content` to `userId` on `accountId` and answers one record per message, in order
   * (a split text gives one per part; a caption its own before the media).
   * @throws WeixinInvalidContentError for content that can never be sent (nothing recorded)
   * @throws WeixinInvalidRecipientError for a recipient that is not `<openid>@im.wechat`
   *   (nothing recorded; the suffix's letter case and surrounding spaces are normalised)
   * @throws WeixinUnknownAccountError for an unknown account (nothing recorded)
   * @throws WeixinServerRefusedError (a subclass per cause) or WeixinBreakerOpenError with
   *   `throwOnRefusal` when the server refused a message or the breaker held the send back
   * @throws WeixinSendRejectedError with `throwOnReject` when a record ends `rejected`
   */
  async send(
    accountId: string,
    userId: string,
    content: OutboundContent,
    opts: SendOptions = {},
  ): Promise<DeliveryRecord[]> {
    const records = await this.sends.send(accountId, normalizeRecipient(userId), content, opts);
    if (opts.throwOnRefusal) {
      const held = records.some((r) => r.cause === 'rate-limited' || r.cause === 'breaker');
      const until = held
        ? (await this.ledgerDb.read(accountId, records[0]!.userId, this.options.send.windowMs))
            .breakerUntil
        : undefined;
      const error = refusalError(records, until);
      if (error) throw error;
    }
    if (opts.throwOnReject && records.some((r) => r.state === 'rejected')) {
      throw new WeixinSendRejectedError(records);
    }
    return records;
  }

  /**
   * Sends one progress item (tool-call start or result, protocol §9.5) to `userId` now, or not at
   * all: it uses one reply of the quota (the safe reading: the live server is not known to exempt
   * them), never one of the last `reserve` replies (kept for the answer), and it never waits in
   * the outbox — a step that cannot go out now is recorded `rejected` (cause `quota`, `window`,
   * `no-token`, …), one the server refuses is not resent later. Answers its record.
   * @throws WeixinInvalidContentError for a malformed step (nothing recorded)
   * @throws WeixinUnknownAccountError for an unknown account (nothing recorded)
   */
  async sendProgress(
    accountId: string,
    userId: string,
    step: ProgressStep,
    opts: ProgressOptions = {},
  ): Promise<DeliveryRecord> {
    return this.progress.send(accountId, userId, step, opts);
  }

  /** The reply window and quota of (account, user), and how many messages wait in its outbox. */
  async ledger(accountId: string, userId: string): Promise<UserLedger> {
    const o = this.options.send;
    const [state, queued] = await Promise.all([
      this.ledgerDb.read(accountId, userId, o.windowMs),
      this.store.countQueued(accountId, userId),
    ]);
    const ledger: UserLedger = {
      accountId,
      userId,
      hasContextToken: state.contextToken !== undefined,
      windowClosesAt: state.windowClosesAt,
      repliesUsed: state.repliesUsed,
      remaining: state.windowOpen ? Math.max(0, o.quota - state.repliesUsed) : 0,
      queued,
    };
    if (state.receivedAt) ledger.receivedAt = state.receivedAt;
    if (state.breakerUntil) ledger.breakerOpenUntil = state.breakerUntil;
    return ledger;
  }

  /** One delivery record, or `null`. */
  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const r = await this.store.get(id);
    return r ? toPublicRecord(r) : null;
  }

  /** Delivery records, newest first (at most `limit`, default 100). */
  async listDeliveries(
    filter: { accountId?: string; userId?: string; state?: DeliveryState; limit?: number } = {},
  ): Promise<DeliveryRecord[]> {
    return (await this.store.list(filter)).map(toPublicRecord);
  }

  /**
   * Queued records in the order they will be sent, one page: at most `limit` (default 100),
   * after the record `afterId` (the last id of the previous page).
   */
  async listOutbox(
    filter: { accountId?: string; userId?: string; afterId?: string; limit?: number } = {},
  ): Promise<DeliveryRecord[]> {
    return (await this.store.outbox(filter)).map(toPublicRecord);
  }

  /** Cancels a queued record (`weixin.delivery.cancelled`); `null` when it is not queued. */
  async cancelQueued(id: string): Promise<DeliveryRecord | null> {
    const r = await this.store.cancel(id);
    if (!r) return null;
    this.deliveryEvents.emit([r]);
    return toPublicRecord(r);
  }

  /**
   * Sends the user's queued messages in order, leaving `send.outbox.reserve` replies free. Call
   * it before running handlers for the user's new message; for a user this process knows of no
   * queued message for, it costs one indexed `EXISTS` (batched with concurrent calls), so rows
   * queued by another replica are found too. Answers the records it settled.
   */
  async flushOutbox(accountId: string, userId: string): Promise<DeliveryRecord[]> {
    return (await this.outbox.flush(accountId, userId)).map(toPublicRecord);
  }

  /**
   * Records a media message that failed before `sendmessage` (its upload failed) as `rejected`,
   * so the failure has a delivery record like every other send. The record does not hold the
   * idempotency key: the failure may be transient, and a retry with the same key must upload and
   * send again rather than answer this rejection.
   */
  async recordFailure(
    accountId: string,
    userId: string,
    failure: FailedMediaSend,
  ): Promise<DeliveryRecord> {
    const row: NewDelivery = {
      seq: 1,
      kind: failure.kind,
      state: 'rejected',
      part: 1,
      parts: 1,
      clientId: generateClientId(),
      reason: failure.reason,
      cause: 'invalid',
    };
    const inserted = await this.store.insert(
      accountId,
      userId,
      undefined,
      this.options.send.outbox.ttlMs,
      [row],
    );
    this.sends.afterInsert(accountId, userId, inserted);
    return toPublicRecord(inserted[0]!);
  }

  /** The records an idempotency key holds, in send order (empty when unused). */
  async findByIdempotencyKey(accountId: string, key: string): Promise<DeliveryRecord[]> {
    return (await this.store.byKey(accountId, key)).map(toPublicRecord);
  }

  /** Expires queued messages past `send.outbox.ttlMs` now. Answers how many expired. */
  async expireOutbox(): Promise<number> {
    return this.outbox.sweep();
  }
}
