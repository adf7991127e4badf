/** How many recent `X-WECHAT-UIN` values are remembered per bot token. */
export const UIN_HISTORY_SIZE = 256;

/**
 * The last {@link UIN_HISTORY_SIZE} `X-WECHAT-UIN` values seen per bot token (QR calls share the
 * key `''`). The official client draws a fresh random value per request (protocol §3.2); a value
 * repeated within that window means a client that caches or reuses it.
 */
export class UinHistory {
  private readonly byToken = new Map<string, { order: string[]; seen: Set<string> }>();

  constructor(private readonly size = UIN_HISTORY_SIZE) {}

  /** Records `uin` for `token`; answers false when it is among the token's recent values. */
  remember(token: string | undefined, uin: string): boolean {
    const key = token ?? '';
    let entry = this.byToken.get(key);
    if (!entry) {
      entry = { order: [], seen: new Set() };
      this.byToken.set(key, entry);
    }
    if (entry.seen.has(uin)) return false;
    entry.order.push(uin);
    entry.seen.add(uin);
    if (entry.order.length > this.size) entry.seen.delete(entry.order.shift()!);
    return true;
  }

  clear(): void {
    this.byToken.clear();
  }
}
