import { type SimSent } from '../control/control.types.js';

/** Every `sendmessage` call per bot, accepted or not. */
export class SentLog {
  private readonly byBot = new Map<string, SimSent[]>();

  add(botId: string, sent: SimSent): void {
    let list = this.byBot.get(botId);
    if (!list) {
      list = [];
      this.byBot.set(botId, list);
    }
    list.push(sent);
  }

  list(botId: string, userId?: string): SimSent[] {
    const list = this.byBot.get(botId) ?? [];
    return list.filter((sent) => userId === undefined || sent.toUserId === userId);
  }

  /** The accepted send whose answered `message_id` is `messageId`. */
  findAccepted(botId: string, messageId: string): SimSent | undefined {
    return this.byBot.get(botId)?.find((sent) => sent.messageId === messageId);
  }

  clear(): void {
    this.byBot.clear();
  }
}
