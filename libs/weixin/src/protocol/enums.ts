/** Direction of a message (`message_type`). */
export enum MessageType {
  None = 0,
  /** Sent by a WeChat user to the bot. */
  User = 1,
  /** Sent by the bot. */
  Bot = 2,
}

/** Lifecycle state of a message (`message_state`). Outbound messages always use `Finish`. */
export enum MessageState {
  New = 0,
  Generating = 1,
  Finish = 2,
}

/** Kind of a `MessageItem` (`type`). */
export enum MessageItemType {
  None = 0,
  Text = 1,
  Image = 2,
  Voice = 3,
  File = 4,
  Video = 5,
  ToolCallStart = 11,
  ToolCallResult = 12,
}

/** `media_type` of a `getuploadurl` request. */
export enum UploadMediaType {
  Image = 1,
  Video = 2,
  File = 3,
  Voice = 4,
}

/** `status` of a `sendtyping` request. */
export enum TypingStatus {
  Typing = 1,
  Cancel = 2,
}

/** Every `status` that `get_qrcode_status` answers (server spelling kept). */
export const QR_STATUSES = [
  'wait',
  'scaned',
  'need_verifycode',
  'verify_code_blocked',
  'expired',
  'scaned_but_redirect',
  'binded_redirect',
  'confirmed',
] as const;

/** A QR login status as the server spells it. */
export type QrStatus = (typeof QR_STATUSES)[number];

/** The `ret`/`errcode` that marks a stale bot token or session. */
export const STALE_SESSION_CODE = -14;
/** The generic rejection `ret` of `sendmessage`, `getconfig` and others. */
export const REJECTED_CODE = -2;
