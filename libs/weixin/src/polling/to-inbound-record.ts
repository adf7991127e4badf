import { MessageType, type WeixinMessage } from '../protocol/index.js';
import type { InboundRecord } from '../persistence/index.js';
import { inboundMessageId, messageFingerprint } from './message-fingerprint.js';

/**
 * Whether a polled message is one a handler should see: a user's message, never the bot's own
 * echo (`message_type` 2 or sender = bot), and a group message only when `groups` is set
 * (protocol §8.7, §9.9).
 */
export function isInboundUserMessage(msg: WeixinMessage, botId: string, groups = false): boolean {
  if (msg.message_type === MessageType.Bot) return false;
  if (!msg.from_user_id || msg.from_user_id === botId) return false;
  if (msg.group_id && !groups) return false;
  return true;
}

/** The inbox record of a polled message. */
export function toInboundRecord(msg: WeixinMessage): InboundRecord {
  return {
    messageId: inboundMessageId(msg),
    fingerprint: messageFingerprint(msg),
    userId: msg.from_user_id ?? '',
    seq: msg.seq,
    createTimeMs: msg.create_time_ms,
    contextToken: msg.context_token,
    payload: msg,
  };
}
