/** Where a typing call goes: `{ channel, userId, messageId? }` or, on iLink, the bot account too. */
export interface TypingTarget {
  /** A configured or registered channel (default: the account's channel, iLink). */
  channel?: string;
  /** The iLink bot account; on a configured channel its name (the default). */
  accountId?: string;
  /** The user on that channel (WeChat user id, OpenID, WhatsApp number). */
  userId: string;
  /** The id of the user's incoming message the typing answers (required by NXCloud). */
  messageId?: string;
}

/** Payload of `weixin.typing.interaction`: the user wrote on a channel. */
export interface WeixinTypingInteractionEvent {
  /** The channel name. */
  channel: string;
  /** The user (OpenID). */
  userId: string;
  /** When the user wrote (default: when the event is handled). */
  at?: Date;
}
