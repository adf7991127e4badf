import { type SimRateLimit } from '../options/simulator.options.js';

/** Per-bot accepted-send times and locks, on the simulator clock. */
export class SendRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  /** Whether the bot is locked at `now`. */
  locked(botId: string, now: number): boolean {
    return (this.lockedUntil.get(botId) ?? 0) > now;
  }

  /** Counts an accepted send; locks the bot when it reached the limit. */
  accepted(botId: string, now: number, limit: SimRateLimit): void {
    const recent = (this.sent.get(botId) ?? []).filter((t) => t > now - limit.windowMs);
    recent.push(now);
    this.sent.set(botId, recent);
    if (recent.length >= limit.sends) {
      this.lockedUntil.set(botId, now + limit.lockMs);
      this.sent.set(botId, []);
    }
  }

  clear(): void {
    this.sent.clear();
    this.lockedUntil.clear();
  }
}
