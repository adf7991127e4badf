import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { RegisteredHandler } from '../handlers/registered-handler.interface.js';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import type { DeliveryRecord } from '../interfaces/outbound.types.js';
import { describeError } from '../errors/describe-error.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents } from '../weixin.events.js';
import { TypingChannelRegistry } from './typing-channel.registry.js';
import type { TypingClock } from '../interfaces/typing-clock.interface.js';
import { SYSTEM_TYPING_CLOCK } from './typing-clock.js';
import { TypingIndicatorRegistry } from './typing-indicator.registry.js';
import { IndicatorLease, InertLease, type TypingLease } from './typing-lease.js';
import type {
  TypingStartOptions,
  WeixinTypingState,
  WeixinTypingStats,
} from './typing-state.interface.js';
import type { TypingTarget, WeixinTypingInteractionEvent } from './typing-target.interface.js';
import { checkMs, handlerTypingTarget, resolveTypingCall } from './typing-target.resolver.js';
import { TypingTicketCache } from './typing-ticket.cache.js';
import { TYPING_SHUTDOWN_TIMEOUT_MS } from './typing.constants.js';
import { TypingMessages as M } from './typing.messages.js';
import type { TypingAddressee, WeixinTypingChannel } from './weixin-typing-channel.interface.js';

/**
 * "typing…" indicators per (channel, account, user), held by leases: the channel's start once
 * when the first lease starts (after the grace delay), a keep-alive every `keepAliveMs` of the
 * channel while any lease is held, the channel's stop when the last one ends, when a reply is
 * accepted (`weixin.delivery.accepted`; a held lease shows it again at the next keep-alive), and
 * at shutdown. Each lease ends by itself after its maximum duration. Channel failures are logged
 * (redacted), kept in `state().lastError` and never thrown to the caller; a channel's rules that
 * are known before any request (`check`) and an unconfigured channel are thrown by `start()`.
 */
@Injectable()
export class TypingService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TypingService.name);
  private readonly indicators: TypingIndicatorRegistry;
  private readonly settings: ResolvedWeixinOptions['typing'];
  private readonly clock: TypingClock;
  private closing = false;

  constructor(
    @Inject(WEIXIN_OPTIONS) options: ResolvedWeixinOptions,
    private readonly channels: TypingChannelRegistry,
    private readonly tickets: TypingTicketCache,
  ) {
    this.settings = options.typing;
    this.clock = options.typing.clock ?? SYSTEM_TYPING_CLOCK;
    this.indicators = new TypingIndicatorRegistry(channels, options.typing.keepAliveMs, this.clock);
  }

  /**
   * Takes a lease on the user's indicator. Resolves at once; the channel calls run in the
   * background. Starting while the indicator is shown does not send the start again.
   * Call it as `start(accountId, userId, opts?)` (iLink, or the account's channel) or
   * `start({ channel, userId, messageId? }, opts?)`.
   * @throws WeixinTypingError when `durationMs` or `graceMs` is not a valid number of ms, or the
   *   channel is not configured (`WEIXIN_TYPING_CHANNEL`)
   * @throws the channel's typed error when its rules refuse typing now (nothing is sent)
   */
  async start(accountId: string, userId: string, opts?: TypingStartOptions): Promise<TypingLease>;
  async start(target: TypingTarget, opts?: TypingStartOptions): Promise<TypingLease>;
  async start(
    a: string | TypingTarget,
    b?: string | TypingStartOptions,
    c?: TypingStartOptions,
  ): Promise<TypingLease> {
    const { to, opts } = this.resolve(a, b, c);
    const durationMs = checkMs('durationMs', opts.durationMs, false) ?? this.settings.maxDurationMs;
    const graceMs = checkMs('graceMs', opts.graceMs, true) ?? this.settings.graceMs;
    const channel = this.channels.get(to.channel);
    if (!this.settings.enabled || this.closing) return new InertLease(to.accountId, to.userId);
    channel.check?.(to);
    const entry = this.indicators.entryOf(to, channel);
    if (to.messageId !== undefined) entry.to = to;
    const lease = new IndicatorLease(
      to.accountId,
      to.userId,
      durationMs,
      (ended) => entry.indicator.remove(ended),
      () => this.logger.debug(M.leaseExpired(to.accountId, to.userId, durationMs)),
      this.clock,
    );
    entry.indicator.add(lease, graceMs);
    return lease;
  }

  /** Ends every lease of the user; resolves after the cancel was sent. */
  async stop(accountId: string, userId: string): Promise<void>;
  async stop(target: TypingTarget): Promise<void>;
  async stop(a: string | TypingTarget, b?: string): Promise<void> {
    const { to } = this.resolve(a, b);
    await this.indicators.get(to)?.indicator.endAll();
  }

  /**
   * Runs `fn` with a lease held and always ends it in `finally` (the cancel is sent in the
   * background, so `fn`'s result is not delayed by it). `fn`'s error is rethrown unchanged.
   * Call it as `withTyping(accountId, userId, fn, opts?)` or `withTyping(target, fn, opts?)`.
   */
  async withTyping<T>(
    accountId: string,
    userId: string,
    fn: () => Promise<T> | T,
    opts?: TypingStartOptions,
  ): Promise<T>;
  async withTyping<T>(
    target: TypingTarget,
    fn: () => Promise<T> | T,
    opts?: TypingStartOptions,
  ): Promise<T>;
  async withTyping<T>(
    a: string | TypingTarget,
    b: string | (() => Promise<T> | T),
    c?: (() => Promise<T> | T) | TypingStartOptions,
    d?: TypingStartOptions,
  ): Promise<T> {
    const fn = (typeof a === 'string' ? c : b) as () => Promise<T> | T;
    const opts = (typeof a === 'string' ? d : c) as TypingStartOptions | undefined;
    const lease =
      typeof a === 'string' ? await this.start(a, b as string, opts) : await this.start(a, opts);
    try {
      return await fn();
    } finally {
      void lease.stop();
    }
  }

  /**
   * Runs a handler (`run`) with typing when it asked for it (`@OnWeixinMessage({ typing })`):
   * to the sender on iLink, or to the addressee its `to` finds on another channel. Typing never
   * fails the handler: when the addressee cannot be found or the channel refuses, the handler
   * runs without it and the reason is logged.
   */
  async aroundHandler<T>(
    ctx: WeixinMessageContext,
    handler: Pick<RegisteredHandler, 'typing' | 'name'>,
    run: () => Promise<T>,
  ): Promise<T> {
    const spec = handler.typing;
    if (!spec || !this.settings.enabled) return run();
    let lease: TypingLease;
    try {
      const target = await handlerTypingTarget(ctx, spec);
      if (!target) return await run();
      lease = await this.start(target);
    } catch (err) {
      this.logger.warn(M.handlerTypingSkipped(handler.name, describeError(err)));
      return run();
    }
    try {
      return await run();
    } finally {
      void lease.stop();
    }
  }

  /** Whether the indicator is shown now (started and not cancelled since). */
  isTyping(accountId: string, userId: string): boolean;
  isTyping(target: TypingTarget): boolean;
  isTyping(a: string | TypingTarget, b?: string): boolean {
    const { to } = this.resolve(a, b);
    return this.indicators.get(to)?.indicator.phase === 'typing';
  }

  /** The user's indicator and ticket state (for the admin API); never the ticket itself. */
  state(accountId: string, userId: string): WeixinTypingState;
  state(target: TypingTarget): WeixinTypingState;
  state(a: string | TypingTarget, b?: string): WeixinTypingState {
    const { to } = this.resolve(a, b);
    const entry = this.indicators.get(to);
    const indicator = entry?.indicator;
    return {
      accountId: to.accountId,
      userId: to.userId,
      channel: to.channel,
      phase: indicator?.phase ?? 'idle',
      leases: indicator?.leaseCount ?? 0,
      since: indicator?.since,
      lastSentAt: indicator?.lastSentAt,
      lastError: entry?.lastError,
      ticket: this.tickets.info(to.accountId, to.userId),
    };
  }

  /** Counts of indicators, leases, timers and calls in flight. */
  stats(): WeixinTypingStats {
    return this.indicators.stats();
  }

  /** Adds (or replaces) a typing channel, to be chosen per call or per account ({@link useChannel}). */
  registerChannel(channel: WeixinTypingChannel): void {
    this.channels.register(channel);
  }

  /**
   * The channel called `name` (to call its own methods, e.g. a customer-service channel's
   * `userInteracted`).
   * @throws WeixinTypingError (`WEIXIN_TYPING_CHANNEL`) when no channel has that name
   */
  channel<C extends WeixinTypingChannel = WeixinTypingChannel>(name: string): C {
    return this.channels.get(name) as C;
  }

  /** The names of the registered channels (`ilink` first). */
  channelNames(): string[] {
    return this.channels.names();
  }

  /**
   * Makes an account use a registered channel; `undefined` returns it to iLink.
   * @throws WeixinTypingError when no channel has that name
   */
  useChannel(accountId: string, name: string | undefined): void {
    this.channels.assign(accountId, name);
  }

  /**
   * The user wrote to the app on `channel` at `at` (default now): on customer service typing is
   * allowed for 30 s from then. The same as emitting `weixin.typing.interaction`.
   * @throws WeixinTypingError (`WEIXIN_TYPING_CHANNEL`) when the channel is not configured
   */
  userInteracted(channel: string, userId: string, at?: Date): void {
    this.channels.get(channel).userInteracted?.(userId, at?.getTime());
  }

  /**
   * The app sent the user a message on the target's channel (e.g. a customer-service message):
   * the platform hid the indicator, so it is marked hidden without a request; a held lease shows
   * it again at the next keep-alive the platform allows. The same as `weixin.typing.replied`.
   */
  async replied(target: TypingTarget): Promise<void> {
    const { to } = this.resolve(target);
    this.channels.get(to.channel).messageSent?.(to.userId);
    await this.indicators.get(to)?.indicator.cancelShown();
  }

  /** `weixin.typing.interaction` from the app's webhook. */
  @OnEvent(WeixinEvents.TypingInteraction)
  onInteraction(event: WeixinTypingInteractionEvent): void {
    try {
      this.userInteracted(event.channel, event.userId, event.at);
    } catch (err) {
      this.logger.warn(redactSecrets(describeError(err)));
    }
  }

  /** `weixin.typing.replied` from the app's sender. */
  @OnEvent(WeixinEvents.TypingReplied)
  async onReplied(event: TypingTarget): Promise<void> {
    try {
      await this.replied(event);
    } catch (err) {
      this.logger.warn(redactSecrets(describeError(err)));
    }
  }

  /** A reply reached the user: cancels the shown indicator (held leases resume it later). */
  @OnEvent(WeixinEvents.DeliveryAccepted)
  onDeliveryAccepted(record: DeliveryRecord): void {
    const channel = this.channels.forAccount(record.accountId).name;
    const { accountId, userId } = record;
    void this.indicators.get({ channel, accountId, userId })?.indicator.cancelShown();
  }

  /** An account was removed: ends its indicators and forgets its tickets. */
  @OnEvent(WeixinEvents.AccountRemoved)
  onAccountRemoved(event: { accountId: string }): void {
    for (const { indicator, to } of this.indicators.all()) {
      if (to.accountId === event.accountId) void indicator.endAll();
    }
    this.tickets.forgetAccount(event.accountId);
  }

  /** Cancels every shown indicator before the app closes; later starts hold nothing. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const all = Promise.allSettled(this.indicators.all().map((e) => e.indicator.endAll()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, TYPING_SHUTDOWN_TIMEOUT_MS);
      timer.unref();
    });
    await Promise.race([all, deadline]);
    clearTimeout(timer);
  }

  private resolve(
    a: string | TypingTarget,
    b?: string | TypingStartOptions,
    c?: TypingStartOptions,
  ): { to: TypingAddressee; opts: TypingStartOptions } {
    return resolveTypingCall(this.channels, a, b, c);
  }
}
