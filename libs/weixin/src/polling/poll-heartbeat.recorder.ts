import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountStatusStore } from '../persistence/account-status.store.js';
import { describeError } from '../errors/describe-error.js';
import { WeixinEvents, type WeixinPollEvent } from '../weixin.events.js';

/** How often successful polls are written to `weixin_account.last_poll_at`. */
export const POLL_HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Writes the time of the last successful poll of the accounts this replica polls, so that other
 * replicas (health, admin) see it: one statement per interval for every account polled since the
 * last one, never one per poll.
 */
@Injectable()
export class PollHeartbeatRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollHeartbeatRecorder.name);
  private readonly polled = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** When the last write started (`Date.now()`); none yet: 0. */
  private writtenAt = 0;

  constructor(private readonly statusStore: AccountStatusStore) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), POLL_HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  @OnEvent(WeixinEvents.PollSucceeded)
  protected onPolled(event: WeixinPollEvent): void {
    this.polled.add(event.accountId);
    // The first success after a quiet interval is written at once (a renewed account shows up);
    // the others wait for the interval's write (not one statement per poll of a busy account).
    if (Date.now() - this.writtenAt >= POLL_HEARTBEAT_INTERVAL_MS) void this.flush();
  }

  /** Writes the pending heartbeats now. */
  async flush(): Promise<void> {
    if (this.polled.size === 0) return;
    const ids = [...this.polled];
    this.polled.clear();
    this.writtenAt = Date.now();
    try {
      await this.statusStore.touchPolls(ids);
    } catch (err) {
      this.logger.warn(`could not record poll heartbeats: ${describeError(err)}`);
    }
  }
}
