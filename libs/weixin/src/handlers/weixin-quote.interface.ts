import type { MessageItem } from '../protocol/index.js';

/** The message a user quoted (`ref_msg` of the first item that has one, protocol §9.6). */
export interface WeixinQuote {
  /**
   * Server message id (uint64 as a decimal string) of the quoted message: `svr_id`, else the
   * quoted item's `msg_id`. Newer clients may send only this; resolve the content from your store.
   */
  svrId?: string;
  /** Summary text of the quoted message (`title`). */
  title?: string;
  /** Text of the quoted item: its text, else its voice transcript. */
  text?: string;
  /** The quoted item as it came on the wire, media references included. */
  item?: MessageItem;
}
