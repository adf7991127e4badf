import type { WeixinReply } from '../../interfaces/weixin-reply.interface.js';
import type { OutboundContent, OutboundQuote } from '../../interfaces/outbound.types.js';

/**
 * The send content of a text reply: its text, and its quote when it has one (a `quote: true` left
 * unresolved — not made explicit by the message context — is passed on and refused as invalid).
 */
export function textContent(reply: WeixinReply): OutboundContent {
  if (typeof reply === 'string') return reply;
  const { text, quote } = reply as { text: string; quote?: unknown };
  return quote === undefined ? { text } : { text, quote: quote as OutboundQuote };
}
