import { RingBuffer } from './ring-buffer.js';

/** How many recent `X-WECHAT-UIN` values are remembered per bot token. */
export const UIN_HISTORY_SIZE = 256;

/**
 * How many times a value may already be among a token's recent ones before it is refused. A fresh
 * random value (protocol §3.2: 32 random bits per request) meets one of its last 256 by chance once
 * in about 16.8 million requests, so a check on the first repeat refused a correct client in about
 * 0.6 % of the runs of a 100,000-send benchmark; meeting two of them (a third use) happens about
 * once in 5 × 10^14 requests, while a client that caches or reuses the value is caught at its
 * third request.
 */
const REPEATS_ALLOWED = 1;

/**
 * The last {@link UIN_HISTORY_SIZE} `X-WECHAT-UIN` values seen per bot token (QR calls share the
 * key `''`), with how often each occurs among them. The official client draws a fresh random value
 * per request (protocol §3.2); a value sent a third time within that window means a client that
 * caches or reuses it.
 */
export class UinHistory {
  private readonly byToken = new Map<
    string,
    { order: RingBuffer<string>; counts: Map<string, number> }
  >();

  constructor(private readonly size = UIN_HISTORY_SIZE) {}

  /**
   * Records `uin` for `token`; answers false (and records nothing) when the token already sent it
   * twice among its recent values.
   */
  remember(token: string | undefined, uin: string): boolean {
    const key = token ?? '';
    let entry = this.byToken.get(key);
    if (!entry) {
      entry = { order: new RingBuffer(this.size), counts: new Map() };
      this.byToken.set(key, entry);
    }
    const seen = entry.counts.get(uin) ?? 0;
    if (seen > REPEATS_ALLOWED) return false;
    entry.counts.set(uin, seen + 1);
    const old = entry.order.push(uin);
    if (old !== undefined) {
      const left = entry.counts.get(old)! - 1;
      if (left === 0) entry.counts.delete(old);
      else entry.counts.set(old, left);
    }
    return true;
  }

  clear(): void {
    this.byToken.clear();
  }
}
