import {
  type SimInboundOptions,
  type SimInjected,
  type SimQuote,
} from '../control/control.types.js';
import { type WireObject } from '../http/uint64-json.js';
import { isUint64Text, randomHex, randomUint64 } from '../state/ids.js';
import { type InboundRecord } from '../state/inbound-log.js';
import { type SimulatorState } from '../state/simulator-state.js';

/** The `ref_msg` of a quote (protocol §9.6); `svr_id` is written as a bare uint64. */
function refMessage(quote: SimQuote): WireObject {
  if (quote.svrId !== undefined && !isUint64Text(quote.svrId)) {
    throw new Error(`quote.svrId must be a uint64 decimal string, got ${quote.svrId}`);
  }
  return {
    svr_id: quote.svrId === undefined ? undefined : BigInt(quote.svrId),
    title: quote.title,
    message_item:
      quote.text === undefined ? undefined : { type: 1, text_item: { text: quote.text } },
  };
}

function sessionIdOf(state: SimulatorState, botId: string, userId: string): string {
  const key = `${botId}\n${userId}`;
  let sessionId = state.sessionIds.get(key);
  if (!sessionId) {
    sessionId = randomHex(16);
    state.sessionIds.set(key, sessionId);
  }
  return sessionId;
}

/** A `message_type` an injected message may carry: 1 (USER) or 2 (BOT echo). */
function inboundMessageType(value: unknown): number {
  if (value !== 1 && value !== 2)
    throw new Error(`messageType must be 1 or 2, got ${String(value)}`);
  return value;
}

function toInjected(record: InboundRecord): SimInjected {
  return {
    messageId: record.messageId.toString(),
    contextToken: record.contextToken,
    seq: record.seq,
  };
}

/**
 * Appends a message from `fromUserId` to the bot's stream: issues its context token (which opens
 * a 24 h window with a quota of 10 replies), registers the user, wakes held long polls.
 */
export function injectMessage(
  state: SimulatorState,
  botId: string,
  fromUserId: string,
  item: WireObject,
  opts: SimInboundOptions = {},
): SimInjected {
  state.bots.require(botId);
  if (typeof fromUserId !== 'string' || fromUserId === '') throw new Error('fromUserId required');
  if (opts.messageId !== undefined && !isUint64Text(opts.messageId)) {
    throw new Error(`messageId must be a uint64 decimal string, got ${opts.messageId}`);
  }
  const createTimeMs = opts.createTimeMs ?? state.clock.now();
  // Every item carries its own uint64 `msg_id` above 2^53, so a lossy client parser shows.
  const withId: WireObject = { ...item, msg_id: item.msg_id ?? randomUint64() };
  const items = [opts.quote ? { ...withId, ref_msg: refMessage(opts.quote) } : withId];
  return append(state, {
    messageId: opts.messageId === undefined ? randomUint64() : BigInt(opts.messageId),
    botId,
    fromUserId,
    createTimeMs,
    contextToken: state.contexts.issue(botId, fromUserId, createTimeMs).token,
    sessionId: sessionIdOf(state, botId, fromUserId),
    items,
    ...(opts.groupId === undefined ? {} : { groupId: String(opts.groupId) }),
    ...(opts.messageType === undefined
      ? {}
      : { messageType: inboundMessageType(opts.messageType) }),
  });
}

/**
 * Delivers a stored message again: with the same id and context token, or (`newId`) under a new
 * id with a new context token, the same sender, `create_time_ms` and items.
 */
export function redeliverMessage(
  state: SimulatorState,
  botId: string,
  messageId: string,
  newId: boolean,
): SimInjected {
  state.bots.require(botId);
  if (!isUint64Text(messageId)) throw new Error(`messageId must be a uint64 decimal string`);
  const original = state.inbound.findById(botId, BigInt(messageId));
  if (!original) throw new Error(`bot ${botId} has no message ${messageId}`);
  const { seq: _seq, ...copy } = original;
  if (!newId) return append(state, copy);
  return append(state, {
    ...copy,
    messageId: randomUint64(),
    contextToken: state.contexts.issue(botId, original.fromUserId, original.createTimeMs).token,
  });
}

function append(state: SimulatorState, record: Omit<InboundRecord, 'seq'>): SimInjected {
  const stored = state.inbound.append(record);
  state.bots.require(record.botId).users.add(record.fromUserId);
  state.polls.notify(record.botId);
  return toInjected(stored);
}
