import { newContextToken } from './ids.js';

/** A context token the server issued with an inbound message. */
export interface ContextRecord {
  token: string;
  botId: string;
  userId: string;
  /** `create_time_ms` of the message the token came with: the 24 h window starts here. */
  issuedAtMs: number;
  /** Accepted `sendmessage` calls that used this token. */
  accepted: number;
}

/** The reply window of one context token (protocol §13). */
export const CONTEXT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Accepted bot messages per context token (protocol §13). */
export const CONTEXT_QUOTA = 10;

/** Context tokens issued by the simulator. */
export class ContextLedger {
  private readonly tokens = new Map<string, ContextRecord>();

  issue(botId: string, userId: string, issuedAtMs: number): ContextRecord {
    const record: ContextRecord = {
      token: newContextToken(),
      botId,
      userId,
      issuedAtMs,
      accepted: 0,
    };
    this.tokens.set(record.token, record);
    return record;
  }

  get(token: string): ContextRecord | undefined {
    return this.tokens.get(token);
  }

  clear(): void {
    this.tokens.clear();
  }
}
