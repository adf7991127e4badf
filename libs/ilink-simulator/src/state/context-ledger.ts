import { newContextToken } from '../protocol/ids.js';

/** A context token the server issued with an inbound message. */
export interface ContextRecord {
  token: string;
  botId: string;
  userId: string;
  /** `create_time_ms` of the message the token came with: the 24 h window starts here. */
  issuedAtMs: number;
  /** Accepted `sendmessage` calls that used this token (every item type). */
  accepted: number;
  /** Of those, progress items (types 11/12). */
  progress: number;
}

/** The reply window of one context token (protocol §13). */
export const CONTEXT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Accepted bot messages per context token (protocol §13). */
export const CONTEXT_QUOTA = 10;

/** Context tokens issued by the simulator. */
export class ContextLedger {
  private readonly tokens = new Map<string, ContextRecord>();
  private readonly latestByUser = new Map<string, ContextRecord>();

  issue(botId: string, userId: string, issuedAtMs: number): ContextRecord {
    const record: ContextRecord = {
      token: newContextToken(),
      botId,
      userId,
      issuedAtMs,
      accepted: 0,
      progress: 0,
    };
    this.tokens.set(record.token, record);
    const user = `${botId}\n${userId}`;
    const latest = this.latestByUser.get(user);
    if (!latest || latest.issuedAtMs <= issuedAtMs) this.latestByUser.set(user, record);
    return record;
  }

  /** The context token issued with the user's newest message. */
  latest(botId: string, userId: string): ContextRecord | undefined {
    return this.latestByUser.get(`${botId}\n${userId}`);
  }

  get(token: string): ContextRecord | undefined {
    return this.tokens.get(token);
  }

  clear(): void {
    this.tokens.clear();
    this.latestByUser.clear();
  }
}
