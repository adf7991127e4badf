import type { WeixinMessage } from '../protocol/index.js';

/**
 * A content kind a message can carry, one per wire item type (protocol §9.3):
 * `text` (TEXT), `image` (IMAGE), `voice` (VOICE), `file` (FILE), `video` (VIDEO).
 */
export type WeixinItemKind = 'text' | 'image' | 'voice' | 'file' | 'video';

/**
 * Selects the inbound messages an `@OnWeixinMessage` handler receives.
 *
 * Every field that is set must match (AND); an empty filter matches every message. Several
 * `@OnWeixinMessage` decorators on one method OR their filters.
 */
export interface WeixinMessageFilter {
  /**
   * Bot account id(s) the message must have arrived on.
   * @default undefined (any account)
   */
  account?: string | string[];
  /**
   * Sender user id(s) (`…@im.wechat`), or a pattern the sender id must match.
   * @default undefined (any sender)
   */
  from?: string | string[] | RegExp;
  /**
   * Content kind(s): the message matches when it has at least one item of any listed kind.
   * @default undefined (any content)
   */
  kind?: WeixinItemKind | WeixinItemKind[];
  /**
   * The message text (first text item, else the voice transcript): a string matches when it
   * equals the trimmed text after being trimmed itself; a RegExp matches when it finds a match.
   * The `g` and `y` flags are dropped so that matching keeps no state between messages.
   * @default undefined (any text, including none)
   */
  text?: string | RegExp;
  /**
   * The group the message was sent in (`ctx.groupId`): `true` only group messages, `false` only
   * direct ones, a string or list only those groups. Group messages reach handlers only with
   * `polling.groupMessages: 'deliver'`.
   * @default undefined (direct and group messages)
   */
  group?: boolean | string | string[];
  /**
   * Show "typing…" while the handler runs: `true` to the sender on iLink, or
   * `{ channel, to }` on another configured typing channel (customer service, NXCloud) to the
   * addressee `to` finds for the message. Typing never fails the handler: when the channel
   * refuses (for example no customer-service interaction in the last 30 s) the handler runs
   * without it and the refusal is logged.
   * @default false
   */
  typing?: boolean | WeixinHandlerTyping;
}

/** Where a handler's "typing…" goes when it is not the sender on iLink. */
export interface WeixinHandlerTyping {
  /**
   * The typing channel's name, as configured in `typing.channels` or registered.
   * @default 'ilink' (the message's bot account and sender)
   */
  channel?: string;
  /**
   * The addressee on `channel` for this message: the user id there (an OpenID, a WhatsApp
   * number) and, for NXCloud, the id of the user's incoming message. Answer `undefined` to show
   * no typing for this message. Required with any channel but `ilink`.
   */
  to?(
    ctx: WeixinTypingMessage,
  ): WeixinTypingAddress | undefined | Promise<WeixinTypingAddress | undefined>;
}

/**
 * What {@link WeixinHandlerTyping.to} reads of the message (it is given the handler's
 * `WeixinMessageContext`, which has all of these).
 */
export interface WeixinTypingMessage {
  /** The bot account the message arrived on. */
  readonly accountId: string;
  /** The sender's WeChat user id. */
  readonly from: string;
  /** The message text (first text item, else the voice transcript; `''` for none). */
  readonly text: string;
  /** The message as received. */
  readonly raw: WeixinMessage;
}

/** A user on a typing channel, as {@link WeixinHandlerTyping.to} answers it. */
export interface WeixinTypingAddress {
  /** The user on the channel (WeChat user id, OpenID, WhatsApp number). */
  userId: string;
  /** The id of the user's incoming message the typing answers (required by NXCloud). */
  messageId?: string;
}
