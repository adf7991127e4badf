import {
  type SimInboundOptions,
  type SimInjected,
  type SimQuote,
} from '../interfaces/inbound.types.js';
import { md5Hex } from '../cdn/aes-ecb.js';
import { type WireObject } from '../protocol/uint64-json.js';
import { isUint64Text, randomHex, randomUint64 } from '../protocol/ids.js';
import { type InboundRecord } from '../state/inbound-log.js';
import { type SimulatorState } from '../state/simulator-state.js';
import { storedItem } from '../state/stored-item.js';

/** The item and text of the message `svrId` the bot saw or sent (inbound first), if any. */
function storedMessage(
  state: SimulatorState,
  botId: string,
  svrId: string,
): { item: WireObject; text?: string } | undefined {
  const item = storedItem(state, botId, svrId);
  if (!item) return undefined;
  const { ref_msg: _quote, msg_id: _id, ...content } = item as WireObject;
  const text = asText(content);
  return text === undefined ? { item: content } : { item: content, text };
}

function asText(item: WireObject): string | undefined {
  const textItem = item.text_item as WireObject | undefined;
  if (item.type === 1 && typeof textItem?.text === 'string') return textItem.text;
  const voice = item.voice_item as WireObject | undefined;
  return item.type === 3 && typeof voice?.text === 'string' ? voice.text : undefined;
}

/** The `ref_msg` of a quote (protocol §9.6); `svr_id` is written as a bare uint64. */
function refMessage(state: SimulatorState, botId: string, quote: SimQuote): WireObject {
  if (quote.svrId !== undefined && !isUint64Text(quote.svrId)) {
    throw new Error(`quote.svrId must be a uint64 decimal string, got ${quote.svrId}`);
  }
  const stored = quote.svrId === undefined ? undefined : storedMessage(state, botId, quote.svrId);
  if (quote.full && !stored) {
    throw new Error(`quote.full: bot ${botId} has no message ${String(quote.svrId)}`);
  }
  let item: WireObject | undefined;
  if (quote.text !== undefined) item = { type: 1, text_item: { text: quote.text } };
  else if (quote.full) item = stored?.item;
  const title = quote.title ?? (quote.full ? stored?.text : undefined);
  const quotedText = quote.text ?? stored?.text;
  let partial: WireObject | undefined;
  if (quote.partial) {
    if (quotedText === undefined) throw new Error('quote.partial needs a quoted text');
    partial = partialText(quotedText, quote.partial);
  }
  return {
    svr_id: quote.svrId === undefined ? undefined : BigInt(quote.svrId),
    title,
    message_item: item,
    partial_text: partial,
  };
}

/** Overlapping occurrences of `needle` in `text` that start before `before`. */
function countBefore(text: string, needle: string, before: number, from = 0): number {
  let n = 0;
  for (
    let at = text.indexOf(needle, from);
    at >= 0 && at < before;
    at = text.indexOf(needle, at + 1)
  ) {
    n++;
  }
  return n;
}

/** Snippet length of `partial_text.start` / `end`. */
const SNIPPET = 8;

/** `partial_text` for the selection `from`..`to` of `text` (protocol §9.6). */
function partialText(text: string, p: NonNullable<SimQuote['partial']>): WireObject {
  const { from, to } = p;
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(to) ||
    from < 0 ||
    to > text.length ||
    from >= to
  ) {
    throw new Error(
      `quote.partial: from/to must select 1+ characters of the ${text.length} quoted`,
    );
  }
  const selected = text.slice(from, to);
  const start = selected.slice(0, SNIPPET);
  const end = selected.slice(-SNIPPET);
  const endAt = to - end.length;
  const endindex =
    p.endIndexFrom === 'start'
      ? countBefore(text, end, endAt, from + start.length)
      : countBefore(text, end, endAt);
  return {
    start,
    end,
    startindex: countBefore(text, start, from),
    endindex,
    quotemd5: p.md5 === false ? undefined : md5Hex(Buffer.from(selected, 'utf8')),
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
  const items = [
    opts.quote ? { ...withId, ref_msg: refMessage(state, botId, opts.quote) } : withId,
  ];
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
