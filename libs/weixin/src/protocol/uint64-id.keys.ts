/**
 * Object keys whose integer values are uint64 on the wire and must reach the application as exact
 * decimal strings (protocol §5.2).
 */
export const UINT64_ID_KEYS = ['message_id', 'msg_id', 'svr_id'] as const;
