/** A text reply. */
export interface WeixinTextReply {
  /** The text to send; long texts are split by the send pipeline. */
  text: string;
}

/**
 * What a handler can send back: a string (shorthand for a text reply) or a reply object.
 * Handlers return one reply, an array of replies, or nothing; `ctx.reply()` takes one reply.
 */
export type WeixinReply = string | WeixinTextReply;
