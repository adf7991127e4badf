import { type WireObject } from '../protocol/uint64-json.js';

/** One inbound message as stored (and delivered, possibly several times). */
export interface InboundRecord {
  seq: number;
  messageId: bigint;
  botId: string;
  fromUserId: string;
  createTimeMs: number;
  contextToken: string;
  sessionId: string;
  /** Wire items (bigints allowed). */
  items: WireObject[];
  /** `group_id`, when set. */
  groupId?: string;
  /** `message_type`; 1 (USER) when unset. */
  messageType?: number;
}

/** How many messages a bot's stream retains (older ones are dropped). */
const RETAINED_PER_BOT = 100_000;

/** Each bot's inbound stream, ordered by `seq` (1, 2, 3 …). */
export class InboundLog {
  private readonly streams = new Map<string, InboundRecord[]>();
  private readonly lastSeq = new Map<string, number>();

  /** Appends a message and answers its `seq`. */
  append(record: Omit<InboundRecord, 'seq'>): InboundRecord {
    const seq = (this.lastSeq.get(record.botId) ?? 0) + 1;
    this.lastSeq.set(record.botId, seq);
    const stored: InboundRecord = { ...record, seq };
    let stream = this.streams.get(record.botId);
    if (!stream) {
      stream = [];
      this.streams.set(record.botId, stream);
    }
    stream.push(stored);
    if (stream.length > RETAINED_PER_BOT) stream.splice(0, stream.length - RETAINED_PER_BOT);
    return stored;
  }

  /** Up to `limit` messages with `seq` greater than `afterSeq`. */
  after(botId: string, afterSeq: number, limit: number): InboundRecord[] {
    const stream = this.streams.get(botId);
    if (!stream || stream.length === 0) return [];
    const firstSeq = stream[0].seq;
    const start = Math.max(0, afterSeq - firstSeq + 1);
    return stream.slice(start, start + limit);
  }

  /** Every stored message of a bot (oldest first). */
  all(botId: string): readonly InboundRecord[] {
    return this.streams.get(botId) ?? [];
  }

  /** The latest stored message of a bot with this id. */
  findById(botId: string, messageId: bigint): InboundRecord | undefined {
    const stream = this.streams.get(botId) ?? [];
    for (let i = stream.length - 1; i >= 0; i--) {
      if (stream[i].messageId === messageId) return stream[i];
    }
    return undefined;
  }

  clear(): void {
    this.streams.clear();
    this.lastSeq.clear();
  }
}
