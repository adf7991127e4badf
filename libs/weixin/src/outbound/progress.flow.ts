import { WeixinUnknownAccountError } from '../accounts/weixin-unknown-account.error.js';
import { WeixinError } from '../errors/weixin.error.js';
import type {
  DeliveryRecord,
  ProgressOptions,
  ProgressStep,
} from '../interfaces/outbound.types.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { type DeliveryEvents, toPublicRecord } from './delivery/delivery.events.js';
import type { NewDelivery } from './ledger/delivery.records.js';
import type { DeliveryStore } from './ledger/delivery.store.js';
import type { SendLedger } from './ledger/send.ledger.js';
import { OutboundMessages as M } from './outbound.messages.js';
import { blockerOf, deliveryRows } from './send-rows.builder.js';
import type { SendFlow } from './send.flow.js';
import { planProgress } from './text/content.planner.js';
import { WeixinInvalidContentError } from './weixin-invalid-content.error.js';

/**
 * One progress item of `sendProgress()`: sent now under a reply slot outside the reserve, or
 * recorded `rejected`.
 */
export class ProgressFlow {
  constructor(
    private readonly options: ResolvedWeixinOptions,
    private readonly store: DeliveryStore,
    private readonly ledgerDb: SendLedger,
    private readonly sends: SendFlow,
    private readonly deliveryEvents: DeliveryEvents,
  ) {}

  /**
   * Sends one progress item (tool-call start or result, protocol §9.5) to `userId` now, or not at
   * all: it uses one reply of the quota (the safe reading: the live server is not known to exempt
   * them), never one of the last `reserve` replies (kept for the answer), and it never waits in
   * the outbox — a step that cannot go out now is recorded `rejected` (cause `quota`, `window`,
   * `no-token`, …), one the server refuses is not resent later. Answers its record.
   * @throws WeixinInvalidContentError for a malformed step (nothing recorded)
   * @throws WeixinUnknownAccountError for an unknown account (nothing recorded)
   */
  async send(
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
    const row = deliveryRows(o, [planned], 1, undefined, undefined, 0)[0]!;
    const fast = await this.store.claimAndInsert(accountId, userId, key, [row], limit, o.windowMs);
    if (fast && fast.inserted.length > 0) {
      const [sent] = await this.sends.deliverInserted(
        accountId,
        userId,
        fast.inserted,
        fast.token,
        {},
      );
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
      this.sends.afterInsert(accountId, userId, inserted);
      if (inserted[0]) return toPublicRecord(inserted[0]);
    }
    const earlier = key === undefined ? undefined : (await this.store.byKey(accountId, key))[0];
    if (!earlier) throw new WeixinError(M.progressKeyLost(key ?? ''), 'WEIXIN_PROGRESS_RACE');
    return toPublicRecord(earlier);
  }
}
