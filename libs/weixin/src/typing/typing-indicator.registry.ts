import { Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { WeixinError } from '../errors/weixin.error.js';
import type { TypingChannelRegistry } from './typing-channel.registry.js';
import type { TypingClock } from '../interfaces/typing-clock.interface.js';
import { TypingIndicator, type TypingAction } from './typing-indicator.js';
import type { WeixinTypingStats } from './typing-state.interface.js';
import { TypingMessages as M } from './typing.messages.js';
import type { TypingAddressee, WeixinTypingChannel } from './weixin-typing-channel.interface.js';

/** One (channel, account, user) indicator, where its calls go and the last one that failed. */
export interface TypingEntry {
  indicator: TypingIndicator;
  to: TypingAddressee;
  lastError?: { code: string; message: string; at: Date };
}

/**
 * The live typing indicators, one per (channel, account, user): created by the first lease,
 * forgotten when idle. Their channel calls are made here; a failure is kept in the entry and
 * logged once as a warning while it repeats (redacted).
 */
export class TypingIndicatorRegistry {
  private readonly logger = new Logger('TypingService');
  private readonly entries = new Map<string, TypingEntry>();
  private readonly failing = new Set<string>();

  constructor(
    private readonly channels: TypingChannelRegistry,
    private readonly keepAliveMs: number,
    private readonly clock: TypingClock,
  ) {}

  /** The entry of `to`, if its indicator is live. */
  get(to: Pick<TypingAddressee, 'channel' | 'accountId' | 'userId'>): TypingEntry | undefined {
    return this.entries.get(keyOf(to.channel, to.accountId, to.userId));
  }

  /** Every live entry. */
  all(): TypingEntry[] {
    return [...this.entries.values()];
  }

  /** The entry of `to`, created (with `channel`'s keep-alive) when none is live. */
  entryOf(to: TypingAddressee, channel: WeixinTypingChannel): TypingEntry {
    const key = keyOf(to.channel, to.accountId, to.userId);
    let entry = this.entries.get(key);
    if (!entry) {
      const created: TypingEntry = {
        to,
        indicator: new TypingIndicator(
          channel.keepAliveMs ?? this.keepAliveMs,
          {
            send: (action) => this.call(key, created, action),
            onIdle: () => {
              if (this.entries.get(key) === created) this.entries.delete(key);
              this.failing.delete(key);
            },
          },
          this.clock,
        ),
      };
      entry = created;
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Counts of indicators, leases, timers and calls in flight. */
  stats(): WeixinTypingStats {
    const stats: WeixinTypingStats = { indicators: 0, leases: 0, timers: 0, pendingCalls: 0 };
    for (const { indicator } of this.entries.values()) {
      stats.indicators++;
      stats.leases += indicator.leaseCount;
      stats.timers += indicator.timerCount;
      stats.pendingCalls += indicator.pendingCalls;
    }
    return stats;
  }

  private async call(key: string, entry: TypingEntry, action: TypingAction): Promise<void> {
    const { to } = entry;
    try {
      await this.channels.get(to.channel)[action](to.accountId, to.userId, to);
      this.failing.delete(key);
    } catch (err) {
      const described = redactSecrets(describeError(err));
      const code = err instanceof WeixinError ? err.code : 'ERROR';
      entry.lastError = { code, message: described, at: new Date(this.clock.now()) };
      const text = M.sendFailed(action, to.accountId, to.userId, described);
      if (this.failing.has(key)) {
        this.logger.debug(text);
      } else {
        this.failing.add(key);
        this.logger.warn(text);
      }
    }
  }
}

function keyOf(channel: string, accountId: string, userId: string): string {
  return `${channel}\u0000${accountId}\u0000${userId}`;
}
