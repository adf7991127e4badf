import { Inject, Injectable } from '@nestjs/common';
import { generateClientId } from '../client/index.js';
import { WeixinUnknownAccountError } from '../accounts/weixin-unknown-account.error.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  limitsOf,
  planContent,
  planProgress,
  truncateParts,
  type PlannedMessage,
  type SendPlan,
} from './text/content.planner.js';
import { DeliveryEvents, toPublicRecord } from './delivery/delivery.events.js';
import { DeliverySender } from './delivery/delivery.sender.js';
import { DeliveryStore, type NewDelivery, type StoredDelivery } from './ledger/delivery.store.js';
import { OutboundMessages as M } from './outbound.messages.js';
import type {
  DeliveryCause,
  DeliveryRecord,
  DeliveryState,
  OutboundContent,
  ProgressOptions,
  ProgressStep,
  SendOptions,
  UserLedger,
} from '../interfaces/outbound.types.js';
import { OutboxService } from './ledger/outbox.service.js';
import { SendLedger, type LedgerClaim, type LedgerState } from './ledger/send.ledger.js';
import { WeixinSendRejectedError } from './weixin-send-rejected.error.js';
import { normalizeRecipient } from '../client/recipient.js';
import { refusalError } from './refusals/refusal-error.js';
import { WeixinInvalidContentError } from './weixin-invalid-content.error.js';
import { WeixinError } from '../errors/weixin.error.js';
import type { FailedMediaSend } from '../media/media-send.port.js';

/** Claims tried before a send that keeps losing races queues what is left. */
const CLAIM_TRIES = 3;

interface Blocker {
  cause: DeliveryCause;
  reason: string;
}

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
  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: DeliveryStore,
    private readonly ledgerDb: SendLedger,
    private readonly sender: DeliverySender,
    private readonly outbox: OutboxService,
    private readonly deliveryEvents: DeliveryEvents,
  ) {}

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
    const records = await this.sendRecords(accountId, normalizeRecipient(userId), content, opts);
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

  private async sendRecords(
    accountId: string,
    userId: string,
    content: OutboundContent,
    opts: SendOptions,
  ): Promise<DeliveryRecord[]> {
    const o = this.options.send;
    const plan = planContent(content, accountId, userId, o);
    const key = opts.idempotencyKey;
    if (key !== undefined) {
      const existing = await this.store.byKey(accountId, key);
      if (existing.length > 0) return this.answer(existing, opts);
    }
    const fast = await this.store.claimAndInsert(
      accountId,
      userId,
      key,
      this.rows(plan.messages, plan.messages.length, undefined, undefined, 0),
      o.quota,
      o.windowMs,
    );
    if (fast && fast.inserted.length < plan.messages.length) {
      const claim = { contextToken: fast.token, repliesUsed: 0 };
      return this.duplicate(
        accountId,
        userId,
        key!,
        fast.inserted,
        plan.messages.length,
        claim,
        opts,
      );
    }
    if (fast) return this.deliverInserted(accountId, userId, fast.inserted, fast.token, opts);
    return this.sendConstrained(accountId, userId, plan, key, opts);
  }

  /** `send()` when the whole plan could not be claimed at once: fit, truncate, queue or reject. */
  private async sendConstrained(
    accountId: string,
    userId: string,
    plan: SendPlan,
    key: string | undefined,
    opts: SendOptions,
  ): Promise<DeliveryRecord[]> {
    const o = this.options.send;
    const overflow = opts.overflow ?? o.overflow;
    let messages = plan.messages;
    let claimed = 0;
    let blocker: Blocker | undefined;
    let claim: LedgerClaim | null = null;
    for (let tries = 0; !claim && tries < CLAIM_TRIES; tries++) {
      const state = await this.ledgerDb.read(accountId, userId, o.windowMs);
      if (state.accountState === undefined) throw new WeixinUnknownAccountError(accountId);
      blocker = blockerOf(state, o.quota);
      if (blocker) break;
      const left = o.quota - state.repliesUsed;
      const fit = Math.min(left, plan.messages.length);
      messages =
        overflow === 'truncate' && plan.textOnly && fit < plan.messages.length
          ? truncateParts(plan.messages, fit, o.truncationMarker, limitsOf(o))
          : plan.messages;
      claim = await this.ledgerDb.claim(
        accountId,
        userId,
        fit,
        o.quota,
        o.windowMs,
        state.contextToken,
      );
      claimed = claim ? fit : 0;
    }
    if (!claim) {
      messages = plan.messages;
      blocker ??= { cause: 'quota', reason: M.raceLost() };
    }
    const dropped = plan.messages.length - messages.length;
    const rows = this.rows(messages, claimed, overflow, blocker, dropped);
    const inserted = await this.store.insert(accountId, userId, key, o.outbox.ttlMs, rows);
    if (inserted.length < rows.length) {
      return this.duplicate(accountId, userId, key!, inserted, claimed, claim, opts);
    }
    if (blocker?.cause === 'outbox') {
      // Replies are left but older messages wait (e.g. queued by another replica): send them now,
      // in order, with this one behind them.
      this.afterInsert(accountId, userId, inserted);
      const flushed = new Map((await this.outbox.flush(accountId, userId)).map((r) => [r.id, r]));
      return this.answer(
        inserted.map((r) => flushed.get(r.id) ?? r),
        opts,
      );
    }
    return this.deliverInserted(accountId, userId, inserted, claim?.contextToken, opts);
  }

  /** Emits the events of fresh records and sends their `sending` ones under `token`. */
  private async deliverInserted(
    accountId: string,
    userId: string,
    inserted: StoredDelivery[],
    token: string | undefined,
    opts: SendOptions,
  ): Promise<DeliveryRecord[]> {
    this.afterInsert(accountId, userId, inserted);
    const sending = inserted.filter((r) => r.state === 'sending');
    const sent =
      token !== undefined && sending.length > 0
        ? await this.sender.deliver(accountId, userId, sending, token)
        : [];
    if (sent.some((r) => r.state === 'queued')) this.outbox.hint.add(accountId, userId);
    const byId = new Map(sent.map((r) => [r.id, r]));
    return this.answer(
      inserted.map((r) => byId.get(r.id) ?? r),
      opts,
    );
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
    const o = this.options.send;
    const planned = planProgress(step);
    const reserve = opts.reserve ?? o.progressReserve;
    if (!Number.isInteger(reserve) || reserve < 0 || reserve >= o.quota) {
      throw new WeixinInvalidContentError(M.invalidProgressReserve(o.quota));
    }
    const key = opts.idempotencyKey;
    if (key !== undefined) {
      const existing = await this.store.byKey(accountId, key);
      if (existing.length > 0) return toPublicRecord(existing[0]!);
    }
    const limit = o.quota - reserve;
    const row = this.rows([planned], 1, undefined, undefined, 0)[0]!;
    const fast = await this.store.claimAndInsert(accountId, userId, key, [row], limit, o.windowMs);
    if (fast && fast.inserted.length > 0) {
      const [sent] = await this.deliverInserted(accountId, userId, fast.inserted, fast.token, {});
      if (sent?.state !== 'queued') return sent!;
      // Refused for now by the server: a progress step sent later would be stale.
      const cancelled = await this.store.cancel(sent.id);
      if (!cancelled) return sent;
      this.deliveryEvents.emit([cancelled]);
      return toPublicRecord(cancelled);
    }
    if (fast) {
      // Another call with the same key recorded the step first: answer its record.
      await this.ledgerDb.release(accountId, userId, 1, fast.token);
    } else {
      const state = await this.ledgerDb.read(accountId, userId, o.windowMs);
      if (state.accountState === undefined) throw new WeixinUnknownAccountError(accountId);
      const blocker = blockerOf(state, limit) ?? { cause: 'quota', reason: M.raceLost() };
      const refused: NewDelivery = {
        ...row,
        state: 'rejected',
        reason: M.progressReserve(
          reserve,
          blocker.cause === 'quota'
            ? M.progressQuota(state.repliesUsed, o.quota)
            : blocker.reason.replace(/^queued: /u, ''),
        ),
        cause: blocker.cause,
      };
      const inserted = await this.store.insert(accountId, userId, key, o.outbox.ttlMs, [refused]);
      this.afterInsert(accountId, userId, inserted);
      if (inserted[0]) return toPublicRecord(inserted[0]);
    }
    const earlier = key === undefined ? undefined : (await this.store.byKey(accountId, key))[0];
    if (!earlier) throw new WeixinError(M.progressKeyLost(key ?? ''), 'WEIXIN_PROGRESS_RACE');
    return toPublicRecord(earlier);
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
    this.afterInsert(accountId, userId, inserted);
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

  private rows(
    messages: PlannedMessage[],
    claimed: number,
    overflow: SendOptions['overflow'],
    blocker: Blocker | undefined,
    dropped: number,
  ): NewDelivery[] {
    const o = this.options.send;
    const over: Blocker = blocker ?? { cause: 'quota', reason: M.quotaSpent(o.quota) };
    const rejectOverflow = overflow === 'reject' && over.cause === 'quota';
    const lastReason =
      dropped > 0 && claimed < messages.length
        ? M.truncatedAfter(rejectOverflow ? M.quotaRejected(o.quota) : over.reason, dropped)
        : M.truncated(dropped);
    return messages.map((m, i) => {
      const row: NewDelivery = {
        seq: i + 1,
        kind: m.kind,
        state: i < claimed ? 'sending' : rejectOverflow ? 'rejected' : 'queued',
        part: m.part,
        parts: m.parts,
        clientId: generateClientId(),
      };
      if (m.text !== undefined) row.text = m.text;
      if (m.item !== undefined) row.item = m.item;
      if (i >= claimed) {
        row.reason = rejectOverflow ? M.quotaRejected(o.quota) : over.reason;
        row.cause = over.cause;
      }
      if (dropped > 0 && i === messages.length - 1) row.reason = lastReason;
      return row;
    });
  }

  private afterInsert(accountId: string, userId: string, inserted: StoredDelivery[]): void {
    if (inserted.some((r) => r.state === 'queued')) this.outbox.hint.add(accountId, userId);
    this.deliveryEvents.emit(inserted);
  }

  /** A concurrent or earlier call with the same key owns the messages: answer its records. */
  private async duplicate(
    accountId: string,
    userId: string,
    key: string,
    inserted: StoredDelivery[],
    claimed: number,
    claim: LedgerClaim | null,
    opts: SendOptions,
  ): Promise<DeliveryRecord[]> {
    if (claim) await this.ledgerDb.release(accountId, userId, claimed, claim.contextToken);
    for (const r of inserted) {
      const settled = await this.store.settle(
        r,
        { state: 'rejected', reason: M.keyReused(), cause: 'invalid', attempted: false },
        this.options.send.outbox.ttlMs,
      );
      if (settled) this.deliveryEvents.emit([settled]);
    }
    return this.answer(await this.store.byKey(accountId, key), opts);
  }

  private answer(records: StoredDelivery[], _opts: SendOptions): DeliveryRecord[] {
    return records.sort((a, b) => a.seq - b.seq).map(toPublicRecord);
  }
}

/** Why nothing can be sent now, or `undefined` when replies are left. */
function blockerOf(state: LedgerState, quota: number): Blocker | undefined {
  if (state.accountState === 'needs_relogin')
    return { cause: 'session', reason: M.sessionExpired() };
  if (state.breakerUntil) return { cause: 'breaker', reason: M.breakerOpen(state.breakerUntil) };
  if (state.contextToken === undefined) return { cause: 'no-token', reason: M.noToken() };
  if (!state.windowOpen) return { cause: 'window', reason: M.windowClosed() };
  if (state.repliesUsed >= quota) return { cause: 'quota', reason: M.quotaSpent(quota) };
  if (state.outboxWaiting) return { cause: 'outbox', reason: M.behindOutbox() };
  return undefined;
}
