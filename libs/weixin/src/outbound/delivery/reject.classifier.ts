import type { DeliveryCause } from '../../interfaces/outbound.types.js';
import { utf8Length } from '../text/utf8.util.js';

/** What is known when the server answers `ret -2`. */
export interface RejectFacts {
  /** The server's `errmsg` (redacted). */
  errmsg?: string;
  /** The text sent, for text messages. */
  text?: string;
  /** Whether the message was a native voice item. */
  voice?: boolean;
  /** The server's text limit in UTF-8 bytes. */
  maxServerBytes: number;
  /**
   * Replies used under the token, this one included: at the quota, the server's refusal is read as
   * the quota being spent (its count may include messages the ledger did not see).
   */
  repliesUsed: number;
  quota: number;
  /** Whether the window was open by the ledger. */
  windowOpen: boolean;
}

/** The likely cause of a `ret -2` on `sendmessage` (protocol §10.5, §14, §16.14, §18). */
export type RejectCause = Extract<
  DeliveryCause,
  | 'rate-limited'
  | 'prepare-failed'
  | 'no-errmsg'
  | 'voice-refused'
  | 'too-long'
  | 'quota'
  | 'window'
  | 'rejected'
>;

/**
 * Classifies a `ret -2`: first by `errmsg` (`rate limited`; `prepare failed`; words about length,
 * quota or expiry), then a voice item (native voice refused), then by the ledger and the text
 * (over the byte limit; quota used; window closed); else `no-errmsg` for an empty `errmsg` and
 * `rejected` for any other.
 */
export function classifyReject(f: RejectFacts): RejectCause {
  const msg = (f.errmsg ?? '').trim().toLowerCase();
  if (/rate\s*limit/u.test(msg)) return 'rate-limited';
  if (/prepare\s*failed/u.test(msg)) return 'prepare-failed';
  if (/too long|longer than|length/u.test(msg)) return 'too-long';
  if (/quota|exhaust|limit reached/u.test(msg)) return 'quota';
  if (/expired|window|context_token|context token/u.test(msg)) return 'window';
  if (f.voice) return 'voice-refused';
  if (f.text !== undefined && utf8Length(f.text) > f.maxServerBytes) return 'too-long';
  if (f.repliesUsed >= f.quota) return 'quota';
  if (!f.windowOpen) return 'window';
  return msg === '' ? 'no-errmsg' : 'rejected';
}
