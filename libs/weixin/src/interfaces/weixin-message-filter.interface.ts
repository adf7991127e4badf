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
   * Show "typing…" to the sender while the handler runs.
   * @default false
   */
  typing?: boolean;
}
