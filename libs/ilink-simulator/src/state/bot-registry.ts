import { type SimBot } from '../interfaces/bot.types.js';
import { newBotId, newBotToken, newUserId, randomHex } from '../protocol/ids.js';

/** A bot account and its server-side session. */
export interface BotRecord {
  botId: string;
  token: string;
  ownerUserId: string;
  /** Set by `expireSession`: every call with `token` answers -14 until a QR login renews it. */
  sessionExpired: boolean;
  /** Identifies this incarnation of the bot in its cursors. */
  epoch: string;
  /** Users who have written to the bot (only they may receive messages and uploads). */
  users: Set<string>;
}

/** Bot accounts by id and by token. */
export class BotRegistry {
  private readonly byId = new Map<string, BotRecord>();
  private readonly byToken = new Map<string, string>();

  /** Creates a bot, or replaces the token and owner of an existing id. */
  add(opts: Partial<SimBot> = {}): BotRecord {
    const botId = opts.botId ?? newBotId();
    const existing = this.byId.get(botId);
    if (existing) {
      return this.renew(botId, opts.token, opts.ownerUserId);
    }
    const token = opts.token ?? newBotToken(botId);
    this.assertTokenFree(token, botId);
    const record: BotRecord = {
      botId,
      token,
      ownerUserId: opts.ownerUserId ?? newUserId(),
      sessionExpired: false,
      epoch: randomHex(8),
      users: new Set(),
    };
    this.byId.set(botId, record);
    this.byToken.set(token, botId);
    return record;
  }

  /** Issues a new token for an existing bot (the old token answers -14 from now on). */
  renew(botId: string, token?: string, ownerUserId?: string): BotRecord {
    const record = this.require(botId);
    const next = token ?? newBotToken(botId);
    this.assertTokenFree(next, botId);
    this.byToken.delete(record.token);
    record.token = next;
    record.sessionExpired = false;
    if (ownerUserId !== undefined) record.ownerUserId = ownerUserId;
    this.byToken.set(next, botId);
    return record;
  }

  get(botId: string): BotRecord | undefined {
    return this.byId.get(botId);
  }

  /** The bot, or an error naming the unknown id. */
  require(botId: string): BotRecord {
    const record = this.byId.get(botId);
    if (!record) throw new Error(`unknown bot ${botId}`);
    return record;
  }

  /** The bot whose current token is `token` and whose session is valid. */
  authenticate(token: string | undefined): BotRecord | undefined {
    const record = this.ownerOf(token);
    return record && !record.sessionExpired ? record : undefined;
  }

  /** The bot whose current token is `token`, valid or not (used to match faults). */
  ownerOf(token: string | undefined): BotRecord | undefined {
    const botId = token === undefined ? undefined : this.byToken.get(token);
    return botId === undefined ? undefined : this.byId.get(botId);
  }

  expire(botId: string): void {
    this.require(botId).sessionExpired = true;
  }

  list(): BotRecord[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
    this.byToken.clear();
  }

  private assertTokenFree(token: string, botId: string): void {
    const holder = this.byToken.get(token);
    if (holder !== undefined && holder !== botId) {
      throw new Error(`token already belongs to bot ${holder}`);
    }
  }
}

/** The public view of a bot. */
export function toSimBot(record: BotRecord): SimBot {
  return { botId: record.botId, token: record.token, ownerUserId: record.ownerUserId };
}
