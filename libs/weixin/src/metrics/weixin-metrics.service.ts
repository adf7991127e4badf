import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Registry } from 'prom-client';
import { AccountStatusStore } from '../persistence/account-status.store.js';
import type { DeliveryRecord } from '../interfaces/outbound.types.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { describeError } from '../errors/describe-error.js';
import { PollingService } from '../polling/polling.service.js';
import { TypingService } from '../typing/typing.service.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  WeixinEvents,
  type WeixinMessageFailedEvent,
  type WeixinMessageHandledEvent,
  type WeixinMessageReceivedEvent,
  type WeixinPollEvent,
  type WeixinPollingEvent,
  type WeixinSessionExpiredEvent,
} from '../weixin.events.js';
import { createWeixinMetrics, type WeixinMetrics } from './weixin-metrics.definitions.js';
import { WEIXIN_METRICS_OPTIONS, type WeixinMetricsOptions } from './weixin-metrics.options.js';

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Most inbound messages timed at once; beyond it new ones are not timed. */
const MAX_TIMED = 100_000;
/** Timings of messages with no handled/failed event for this long are dropped on the next sample. */
const TIMING_TTL_MS = 600_000;
const DEFAULT_WINDOW_MS = 39_600_000;
const DEFAULT_QUOTA = 10;

/**
 * Prometheus metrics of nestjs-weixin: counters fed by library events (an increment each), and
 * gauges sampled periodically from the database and the typing service.
 */
@Injectable()
export class WeixinMetricsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(WeixinMetricsService.name);
  /** The registry holding the metrics. */
  readonly registry: Registry;
  private readonly m: WeixinMetrics;
  private readonly started = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  private sampledAt = 0;

  constructor(
    @Inject(WEIXIN_METRICS_OPTIONS) private readonly options: WeixinMetricsOptions,
    @Inject(WEIXIN_OPTIONS) private readonly weixinOptions: ResolvedWeixinOptions,
    private readonly statusStore: AccountStatusStore,
    private readonly polling: PollingService,
    @Optional() private readonly typing?: TypingService,
  ) {
    this.registry = options.registry ?? new Registry();
    this.m = createWeixinMetrics(
      this.registry,
      options.prefix ?? 'weixin_',
      options.handleBuckets ?? DEFAULT_BUCKETS,
    );
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sample(), this.options.sampleIntervalMs ?? 15_000);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The metrics in the Prometheus text format, sampled gauges refreshed when older than 1 s. */
  async metrics(): Promise<string> {
    if (Date.now() - this.sampledAt > 1_000) await this.sample();
    return this.registry.metrics();
  }

  /** The content type of `metrics()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Refreshes the sampled gauges now. */
  sample(): Promise<void> {
    this.sampling ??= this.takeSample().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  @OnEvent(WeixinEvents.PollSucceeded)
  protected onPoll(e: WeixinPollEvent): void {
    this.m.polls.inc({ account: e.accountId });
  }

  @OnEvent(WeixinEvents.PollFailed)
  protected onPollFailed(e: WeixinPollEvent): void {
    this.m.pollErrors.inc({ account: e.accountId, code: e.code ?? 'UNKNOWN' });
  }

  @OnEvent(WeixinEvents.MessageReceived)
  protected onReceived(e: WeixinMessageReceivedEvent): void {
    this.m.messagesIn.inc({ account: e.accountId });
    if (this.started.size < MAX_TIMED) this.started.set(e.inboxId, performance.now());
  }

  @OnEvent(WeixinEvents.MessageHandled)
  protected onHandled(e: WeixinMessageHandledEvent): void {
    this.finish(e.accountId, e.inboxId, 'handled');
  }

  @OnEvent(WeixinEvents.MessageFailed)
  protected onFailed(e: WeixinMessageFailedEvent): void {
    this.finish(e.accountId, e.inboxId, 'failed');
  }

  @OnEvent(WeixinEvents.DeliveryQueued)
  @OnEvent(WeixinEvents.DeliveryAccepted)
  @OnEvent(WeixinEvents.DeliveryRejected)
  @OnEvent(WeixinEvents.DeliveryUnknown)
  @OnEvent(WeixinEvents.DeliveryExpired)
  @OnEvent(WeixinEvents.DeliveryCancelled)
  protected onDelivery(record: DeliveryRecord): void {
    if (record?.accountId && record.state) {
      this.m.sends.inc({ account: record.accountId, result: record.state });
    }
  }

  @OnEvent(WeixinEvents.PollingStarted)
  protected onPollingStarted(): void {
    this.m.leaseChanges.inc({ change: 'acquired', reason: 'lease' });
    this.m.accountsPolled.set(this.polling.ownedAccounts().length);
  }

  @OnEvent(WeixinEvents.PollingStopped)
  protected onPollingStopped(e: WeixinPollingEvent): void {
    this.m.leaseChanges.inc({ change: 'released', reason: e.reason ?? 'stopped' });
    this.m.accountsPolled.set(this.polling.ownedAccounts().length);
  }

  @OnEvent(WeixinEvents.SessionExpired)
  protected onSessionExpired(e: WeixinSessionExpiredEvent): void {
    this.m.sessionsExpired.inc({ account: e.accountId });
  }

  private finish(accountId: string, inboxId: string, result: 'handled' | 'failed'): void {
    this.m.messagesDone.inc({ account: accountId, result });
    const t0 = this.started.get(inboxId);
    if (t0 === undefined) return;
    this.started.delete(inboxId);
    this.m.handleSeconds.observe({ result }, (performance.now() - t0) / 1000);
  }

  private expireTimings(): void {
    const oldest = performance.now() - TIMING_TTL_MS;
    for (const [inboxId, t0] of this.started) {
      if (t0 < oldest) this.started.delete(inboxId);
    }
  }

  private async takeSample(): Promise<void> {
    this.expireTimings();
    try {
      const send = (this.weixinOptions as { send?: { windowMs?: number; quota?: number } }).send;
      const [replies, backlog] = await Promise.all([
        this.statusStore.repliesLeft(
          send?.windowMs ?? DEFAULT_WINDOW_MS,
          send?.quota ?? DEFAULT_QUOTA,
        ),
        this.statusStore.inboxBacklog(),
      ]);
      this.m.repliesLeft.reset();
      for (const [account, left] of replies) this.m.repliesLeft.set({ account }, left);
      this.m.inboxBacklog.reset();
      for (const b of backlog) {
        this.m.inboxBacklog.set({ account: b.accountId, status: b.status }, b.count);
      }
      const outbox = await this.statusStore.outboxDepth().catch(() => undefined);
      this.m.outboxDepth.reset();
      for (const [account, n] of outbox ?? []) this.m.outboxDepth.set({ account }, n);
      this.m.typingLeases.set(this.typing?.stats().leases ?? 0);
      this.m.accountsPolled.set(this.polling.ownedAccounts().length);
      this.sampledAt = Date.now();
    } catch (err) {
      this.logger.warn(`metrics sample failed: ${describeError(err)}`);
    }
  }
}
