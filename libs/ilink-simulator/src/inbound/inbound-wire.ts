import { type WireObject } from '../protocol/uint64-json.js';
import { type InboundRecord } from '../state/inbound-log.js';

/** `message_type` USER and `message_state` FINISH (protocol Appendix B). */
const MESSAGE_TYPE_USER = 1;
const MESSAGE_STATE_FINISH = 2;

/** The `WeixinMessage` delivered by `getupdates` for a stored inbound message. */
export function toWireMessage(record: InboundRecord): WireObject {
  return {
    seq: record.seq,
    message_id: record.messageId,
    from_user_id: record.fromUserId,
    to_user_id: record.botId,
    create_time_ms: record.createTimeMs,
    update_time_ms: record.createTimeMs,
    session_id: record.sessionId,
    message_type: record.messageType ?? MESSAGE_TYPE_USER,
    message_state: MESSAGE_STATE_FINISH,
    context_token: record.contextToken,
    item_list: record.items,
    ...(record.groupId === undefined ? {} : { group_id: record.groupId }),
  };
}
