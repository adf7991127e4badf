import type { MessageItem, WeixinMessage } from '../protocol/index.js';

/**
 * The part of the quoted text a user selected (`ref_msg.partial_text`, protocol §9.6): it begins
 * at the `startIndex`-th (0-based) occurrence of `start` and ends with an occurrence of `end`.
 */
export interface WeixinPartialQuote {
  /** The first characters of the selection (`start`). */
  start?: string;
  /** The last characters of the selection (`end`). */
  end?: string;
  /** Which occurrence (0-based) of `start` in the quoted text the selection begins at. */
  startIndex?: number;
  /**
   * Which occurrence (0-based) of `end` ends it: counted over the whole text or from just after
   * the start snippet (both meanings were observed; `quoteMd5` tells them apart).
   */
  endIndex?: number;
  /** Lowercase hex MD5 of the selected substring (UTF-8). */
  quoteMd5?: string;
  /**
   * The selected substring of the quoted text, when the quoted text is known and the snippets
   * locate it (matching `quoteMd5` when one is given); absent otherwise.
   */
  text?: string;
}

/**
 * Where the quoted content was found by its server id: `inbox` (a message of this user the
 * inbox keeps) or `sent` (a message the bot sent this user, accepted by the server).
 */
export type WeixinQuoteSource = 'inbox' | 'sent';

/** The message a user quoted (`ref_msg` of the first item that has one, protocol §9.6). */
export interface WeixinQuote {
  /**
   * Server message id (uint64 as a decimal string) of the quoted message: `svr_id`, else the
   * quoted item's `msg_id`. Newer clients may send only this; the dispatcher then looks the
   * message up (see {@link resolvedFrom}).
   */
  svrId?: string;
  /** Summary text of the quoted message (`title`). */
  title?: string;
  /**
   * Text of the quoted message: the quoted item's text (or voice transcript) as the wire carries
   * it, else the text of the message found by {@link svrId}.
   */
  text?: string;
  /**
   * The quoted item: as it came on the wire (media references included), else the content item
   * of the message found by {@link svrId} (its first media item when it has one).
   */
  item?: MessageItem;
  /** The part of the quoted text the user selected, when they quoted only part of it. */
  partial?: WeixinPartialQuote;
  /**
   * Where the quoted content was found when the wire lacked it (an id-only quote); absent when
   * the wire carried it, or the message is not stored (never seen, or pruned by inbox retention).
   */
  resolvedFrom?: WeixinQuoteSource;
  /** The whole quoted message as the inbox stored it (when {@link resolvedFrom} is `inbox`). */
  message?: WeixinMessage;
}
