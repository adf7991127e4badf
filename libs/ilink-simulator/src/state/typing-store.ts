import { type SimTyping } from '../interfaces/typing.types.js';
import { opaqueBase64 } from '../protocol/ids.js';

interface TypingRecord {
  /** Ticket → expiry (simulator ms). Every `getconfig` issues a fresh ticket; older ones stay valid until they expire. */
  tickets: Map<string, number>;
  events: SimTyping['events'];
  getconfigCalls: number;
}

/** Default most `sendtyping` events kept per (bot, user). */
export const TYPING_EVENT_CAPACITY = 10_000;
/** Most live tickets kept per (bot, user); the oldest is forgotten first. */
export const TYPING_TICKET_CAPACITY = 1_000;

/**
 * Typing tickets, `sendtyping` events and `getconfig` counts per (bot, user). Events and tickets
 * are capped (oldest dropped).
 */
export class TypingStore {
  private readonly records = new Map<string, TypingRecord>();

  constructor(
    private readonly eventCapacity = TYPING_EVENT_CAPACITY,
    private readonly ticketCapacity = TYPING_TICKET_CAPACITY,
  ) {}

  /** Counts a `getconfig` call and issues a ticket valid for `ttlMs`. */
  issueTicket(botId: string, userId: string, now: number, ttlMs: number): string {
    const record = this.record(botId, userId);
    record.getconfigCalls++;
    for (const [ticket, expiry] of record.tickets) {
      if (expiry <= now) record.tickets.delete(ticket);
    }
    const ticket = opaqueBase64(33);
    record.tickets.set(ticket, now + ttlMs);
    if (record.tickets.size > this.ticketCapacity) {
      record.tickets.delete(record.tickets.keys().next().value!);
    }
    return ticket;
  }

  /** True when `ticket` was issued for (bot, user) and has not expired. */
  isValid(botId: string, userId: string, ticket: string, now: number): boolean {
    const expiry = this.records.get(key(botId, userId))?.tickets.get(ticket);
    return expiry !== undefined && expiry > now;
  }

  record(botId: string, userId: string): TypingRecord {
    let record = this.records.get(key(botId, userId));
    if (!record) {
      record = { tickets: new Map(), events: [], getconfigCalls: 0 };
      this.records.set(key(botId, userId), record);
    }
    return record;
  }

  addEvent(botId: string, userId: string, status: number, ticket: string, at: number): void {
    const events = this.record(botId, userId).events;
    events.push({ status, at, ticket });
    if (events.length > this.eventCapacity) events.splice(0, events.length - this.eventCapacity);
  }

  /**
   * The typing state: `typing` when the last event was status 1 and is younger than
   * `indicatorMs` (the WeChat indicator disappears without keep-alives), else `idle`.
   */
  snapshot(botId: string, userId: string, now: number, indicatorMs: number): SimTyping {
    const record = this.records.get(key(botId, userId));
    if (!record) return { status: 'idle', events: [], getconfigCalls: 0 };
    const last = record.events[record.events.length - 1];
    const typing = last !== undefined && last.status === 1 && now - last.at < indicatorMs;
    return {
      status: typing ? 'typing' : 'idle',
      events: record.events.map((event) => ({ ...event })),
      getconfigCalls: record.getconfigCalls,
    };
  }

  clear(): void {
    this.records.clear();
  }
}

function key(botId: string, userId: string): string {
  return `${botId}\n${userId}`;
}
