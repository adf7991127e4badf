import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { RegisteredHandler } from '../handlers/registered-handler.interface.js';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { DeliveryRecord } from '../outbound/outbound.types.js';
import { describeError } from '../polling/poll-errors.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents } from '../weixin.events.js';
import { TypingChannelRegistry } from './typing-channel.registry.js';
import { TypingIndicator, type TypingAction } from './typing-indicator.js';
import { IndicatorLease, InertLease, type TypingLease } from './typing-lease.js';
import type {
  TypingStartOptions,
  WeixinTypingState,
  WeixinTypingStats,
} from './typing-state.interface.js';
import { TypingTicketCache } from './typing-ticket.cache.js';
import { TYPING_SHUTDOWN_TIMEOUT_MS } from './typing.constants.js';
import { TypingMessages as M } from './typing.messages.js';
import { WeixinTypingError } from './weixin-typing.error.js';
import type { WeixinTypingChannel } from './weixin-typing-channel.interface.js';

function keyOf(accountId: string, userId: string): string {
  return `${accountId}\u0000${userId}`;
}

/**
 * "typing…" indicators per (account, user), held by leases: status 1 once when the first lease
 * starts (after the grace delay), a keep-alive every `typing.keepAliveMs` while any lease is held,
 * status 2 when the last one ends, when a reply is accepted (`weixin.delivery.accepted`; a held
 * lease shows it again at the next keep-alive), and at shutdown. Each lease ends by itself after
 * its maximum duration. Typing failures are logged (redacted) and never thrown to the caller.
 */
@Injectable()
export class TypingService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TypingService.name);
  private readonly indicators = new Map<string, TypingIndicator>();
  private readonly failing = new Set<string>();
  private readonly settings: ResolvedWeixinOptions['typing'];
  private closing = false;

  constructor(
    @Inject(WEIXIN_OPTIONS) options: ResolvedWeixinOptions,
    private readonly channels: TypingChannelRegistry,
    private readonly tickets: TypingTicketCache,
  ) {
    this.settings = options.typing;
  }

  /**
   * Takes a lease on the user's indicator. Resolves at once; the channel calls run in the
   * background. Starting while the indicator is shown does not send status 1 again.
   * @throws WeixinTypingError when `durationMs` or `graceMs` is not a valid number of ms
   */
  async start(
    accountId: string,
    userId: string,
    opts: TypingStartOptions = {},
  ): Promise<TypingLease> {
    const durationMs = checkMs('durationMs', opts.durationMs, false) ?? this.settings.maxDurationMs;
    const graceMs = checkMs('graceMs', opts.graceMs, true) ?? this.settings.graceMs;
    if (!this.settings.enabled || this.closing) return new InertLease(accountId, userId);
    const indicator = this.indicatorOf(accountId, userId);
    const lease = new IndicatorLease(
      accountId,
      userId,
      durationMs,
      (ended) => indicator.remove(ended),
      () => this.logger.debug(M.leaseExpired(accountId, userId, durationMs)),
    );
    indicator.add(lease, graceMs);
    return lease;
  }

  /** Ends every lease of the user; resolves after the cancel was sent. */
  async stop(accountId: string, userId: string): Promise<void> {
    await this.indicators.get(keyOf(accountId, userId))?.endAll();
  }

  /**
   * Runs `fn` with a lease held and always ends it in `finally` (the cancel is sent in the
   * background, so `fn`'s result is not delayed by it). `fn`'s error is rethrown unchanged.
   */
  async withTyping<T>(
    accountId: string,
    userId: string,
    fn: () => Promise<T> | T,
    opts?: TypingStartOptions,
  ): Promise<T> {
    const lease = await this.start(accountId, userId, opts);
    try {
      return await fn();
    } finally {
      void lease.stop();
    }
  }

  /**
   * Runs a handler (`run`) with typing when it asked for it (`@OnWeixinMessage({ typing: true })`),
   * for the sender of the message; otherwise just runs it.
   */
  aroundHandler<T>(
    ctx: Pick<WeixinMessageContext, 'accountId' | 'from'>,
    handler: Pick<RegisteredHandler, 'typing'>,
    run: () => Promise<T>,
  ): Promise<T> {
    if (!handler.typing || !this.settings.enabled) return run();
    return this.withTyping(ctx.accountId, ctx.from, run);
  }

  /** Whether the indicator is shown now (status 1 sent and not cancelled since). */
  isTyping(accountId: string, userId: string): boolean {
    return this.indicators.get(keyOf(accountId, userId))?.phase === 'typing';
  }

  /** The user's indicator and ticket state (for the admin API); never the ticket itself. */
  state(accountId: string, userId: string): WeixinTypingState {
    const indicator = this.indicators.get(keyOf(accountId, userId));
    return {
      accountId,
      userId,
      channel: this.channels.forAccount(accountId).name,
      phase: indicator?.phase ?? 'idle',
      leases: indicator?.leaseCount ?? 0,
      since: indicator?.since,
      lastSentAt: indicator?.lastSentAt,
      ticket: this.tickets.info(accountId, userId),
    };
  }

  /** Counts of indicators, leases, timers and calls in flight. */
  stats(): WeixinTypingStats {
    const stats: WeixinTypingStats = { indicators: 0, leases: 0, timers: 0, pendingCalls: 0 };
    for (const indicator of this.indicators.values()) {
      stats.indicators++;
      stats.leases += indicator.leaseCount;
      stats.timers += indicator.timerCount;
      stats.pendingCalls += indicator.pendingCalls;
    }
    return stats;
  }

  /** Adds (or replaces) a typing channel, to be chosen per account with {@link useChannel}. */
  registerChannel(channel: WeixinTypingChannel): void {
    this.channels.register(channel);
  }

  /**
   * Makes an account use a registered channel; `undefined` returns it to iLink.
   * @throws WeixinTypingError when no channel has that name
   */
  useChannel(accountId: string, name: string | undefined): void {
    this.channels.assign(accountId, name);
  }

  /** A reply reached the user: cancels the shown indicator (held leases resume it later). */
  @OnEvent(WeixinEvents.DeliveryAccepted)
  onDeliveryAccepted(record: DeliveryRecord): void {
    void this.indicators.get(keyOf(record.accountId, record.userId))?.cancelShown();
  }

  /** An account was removed: ends its indicators and forgets its tickets. */
  @OnEvent(WeixinEvents.AccountRemoved)
  onAccountRemoved(event: { accountId: string }): void {
    for (const [key, indicator] of this.indicators) {
      if (key.startsWith(keyOf(event.accountId, ''))) void indicator.endAll();
    }
    this.tickets.forgetAccount(event.accountId);
  }

  /** Cancels every shown indicator before the app closes; later starts hold nothing. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const all = Promise.allSettled([...this.indicators.values()].map((i) => i.endAll()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, TYPING_SHUTDOWN_TIMEOUT_MS);
      timer.unref();
    });
    await Promise.race([all, deadline]);
    clearTimeout(timer);
  }

  private indicatorOf(accountId: string, userId: string): TypingIndicator {
    const key = keyOf(accountId, userId);
    let indicator = this.indicators.get(key);
    if (!indicator) {
      const created: TypingIndicator = new TypingIndicator(this.settings.keepAliveMs, {
        send: (action) => this.call(key, accountId, userId, action),
        onIdle: () => {
          if (this.indicators.get(key) === created) this.indicators.delete(key);
          this.failing.delete(key);
        },
      });
      indicator = created;
      this.indicators.set(key, indicator);
    }
    return indicator;
  }

  private async call(
    key: string,
    accountId: string,
    userId: string,
    action: TypingAction,
  ): Promise<void> {
    try {
      await this.channels.forAccount(accountId)[action](accountId, userId);
      this.failing.delete(key);
    } catch (err) {
      const text = M.sendFailed(action, accountId, userId, redactSecrets(describeError(err)));
      if (this.failing.has(key)) {
        this.logger.debug(text);
      } else {
        this.failing.add(key);
        this.logger.warn(text);
      }
    }
  }
}

function checkMs(
  field: string,
  value: number | undefined,
  zeroAllowed: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new WeixinTypingError(M.invalidStartOption(field, value));
  }
  return value;
}
