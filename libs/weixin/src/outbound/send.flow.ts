import { WeixinUnknownAccountError } from '../accounts/weixin-unknown-account.error.js';
import type { DeliveryRecord, OutboundContent, SendOptions } from '../interfaces/outbound.types.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { type DeliveryEvents, toPublicRecord } from './delivery/delivery.events.js';
import type { DeliverySender } from './delivery/delivery.sender.js';
import type { StoredDelivery } from './ledger/delivery.records.js';
import type { DeliveryStore } from './ledger/delivery.store.js';
import type { OutboxService } from './ledger/outbox.service.js';
import type { LedgerClaim, SendLedger } from './ledger/send.ledger.js';
import { OutboundMessages as M } from './outbound.messages.js';
import { blockerOf, deliveryRows, type Blocker } from './send-rows.builder.js';
import { limitsOf, planContent, truncateParts, type SendPlan } from './text/content.planner.js';

/** Claims tried before a send that keeps losing races queues what is left. */
const CLAIM_TRIES = 3;

/**
 * The messages of one `send()`: planned, recorded with their reply slots claimed in one
 * statement when the ledger allows, else fitted, truncated, queued or rejected; the claimed ones
 * sent at once. An idempotency key that already holds records answers them.
 */
export class SendFlow {
  constructor(
    private readonly options: ResolvedWeixinOptions,
    private readonly store: DeliveryStore,
    private readonly ledgerDb: SendLedger,
    private readonly sender: DeliverySender,
    private readonly outbox: OutboxService,
    private readonly deliveryEvents: DeliveryEvents,
  ) {}

  /** Records and sends the messages of `content`; answers one record per message, in order. */
  async send(
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
      deliveryRows(this.options.send, plan.messages, plan.messages.length, undefined, undefined, 0),
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
    const rows = deliveryRows(this.options.send, messages, claimed, overflow, blocker, dropped);
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
  async deliverInserted(
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

  /** Hints the outbox of queued records and emits the events of fresh records. */
  afterInsert(accountId: string, userId: string, inserted: StoredDelivery[]): void {
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
