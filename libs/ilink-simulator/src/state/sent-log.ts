import { type SimSent } from '../interfaces/sent.types.js';
import { RingBuffer } from './ring-buffer.js';

/** Default most `sendmessage` records kept per bot. */
export const SENT_LOG_CAPACITY = 10_000;

/** The last `capacity` `sendmessage` calls per bot, accepted or not (oldest dropped). */
export class SentLog {
  private readonly byBot = new Map<string, RingBuffer<SimSent>>();

  constructor(private readonly capacity = SENT_LOG_CAPACITY) {}

  add(botId: string, sent: SimSent): void {
    let list = this.byBot.get(botId);
    if (!list) {
      list = new RingBuffer(this.capacity);
      this.byBot.set(botId, list);
    }
    list.push(sent);
  }

  /** The bot's records (to `userId` only, when given), oldest first. */
  list(botId: string, userId?: string): SimSent[] {
    const list = this.byBot.get(botId)?.toArray() ?? [];
    return userId === undefined ? list : list.filter((sent) => sent.toUserId === userId);
  }

  /** The accepted send whose answered `message_id` is `messageId`. */
  findAccepted(botId: string, messageId: string): SimSent | undefined {
    return this.byBot.get(botId)?.find((sent) => sent.messageId === messageId);
  }

  clear(): void {
    this.byBot.clear();
  }
}
