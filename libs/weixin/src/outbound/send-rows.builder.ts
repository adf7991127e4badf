import { generateClientId } from '../client/index.js';
import type { DeliveryCause, SendOptions } from '../interfaces/outbound.types.js';
import type { ResolvedSendOptions } from '../options/resolved-options.js';
import type { NewDelivery } from './ledger/delivery.records.js';
import type { LedgerState } from './ledger/send.ledger.js';
import { OutboundMessages as M } from './outbound.messages.js';
import type { PlannedMessage } from './text/content.planner.js';

/** Why the messages of a send cannot go out now. */
export interface Blocker {
  cause: DeliveryCause;
  reason: string;
}

/**
 * The delivery rows of planned `messages`: the first `claimed` are `sending`, the rest `queued`
 * (or `rejected` with `overflow: 'reject'` when the quota is the blocker) with the blocker's
 * reason; the last row notes the `dropped` parts of a truncated text.
 */
export function deliveryRows(
  o: ResolvedSendOptions,
  messages: PlannedMessage[],
  claimed: number,
  overflow: SendOptions['overflow'],
  blocker: Blocker | undefined,
  dropped: number,
): NewDelivery[] {
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

/** Why nothing can be sent now, or `undefined` when replies are left. */
export function blockerOf(state: LedgerState, quota: number): Blocker | undefined {
  if (state.accountState === 'needs_relogin')
    return { cause: 'session', reason: M.sessionExpired() };
  if (state.breakerUntil) return { cause: 'breaker', reason: M.breakerOpen(state.breakerUntil) };
  if (state.contextToken === undefined) return { cause: 'no-token', reason: M.noToken() };
  if (!state.windowOpen) return { cause: 'window', reason: M.windowClosed() };
  if (state.repliesUsed >= quota) return { cause: 'quota', reason: M.quotaSpent(quota) };
  if (state.outboxWaiting) return { cause: 'outbox', reason: M.behindOutbox() };
  return undefined;
}
