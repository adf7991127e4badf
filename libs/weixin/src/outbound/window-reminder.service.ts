import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource } from 'typeorm';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../weixin.constants.js';
import { WeixinEvents, type WeixinWindowClosingEvent } from '../weixin.events.js';
import { PeriodicRun } from '../utils/periodic-run.js';
import { queryRows } from '../persistence/raw-query.js';
import { CLAIM_REMINDERS_SQL } from './window-reminder.sql.js';

/** Most reminders claimed by one statement; a full batch is followed by another at once. */
const BATCH = 500;

/**
 * Emits `weixin.window.closing` `send.windowReminder.beforeMs` before a user's window closes,
 * once per user and window across every replica (each reminder is claimed in Postgres before it
 * is emitted). Checks every `send.windowReminder.intervalMs` from bootstrap to shutdown; off when
 * `beforeMs` is 0.
 */
@Injectable()
export class WindowReminderService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WindowReminderService.name);
  private readonly checks = new PeriodicRun(
    () =>
      this.remindDue().catch((err: unknown) => {
        this.logger.warn(
          `window reminder check failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }),
    () => this.options.send.windowReminder.intervalMs,
  );

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /** Starts the periodic check (without blocking bootstrap). */
  onApplicationBootstrap(): void {
    if (this.options.send.windowReminder.beforeMs === 0) return;
    this.checks.start();
  }

  /** Stops the check and waits for a running one. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.checks.stop();
  }

  /** Claims and emits the reminders due now; answers how many were emitted. */
  async remindDue(): Promise<number> {
    const { windowMs } = this.options.send;
    const { beforeMs } = this.options.send.windowReminder;
    if (beforeMs === 0) return 0;
    let total = 0;
    for (;;) {
      const rows = await queryRows<{
        account_id: string;
        user_id: string;
        received_at: Date;
        closes_at: Date;
      }>(this.dataSource, CLAIM_REMINDERS_SQL, [windowMs, beforeMs, BATCH]);
      for (const r of rows) {
        const event: WeixinWindowClosingEvent = {
          accountId: r.account_id,
          userId: r.user_id,
          receivedAt: r.received_at,
          closesAt: r.closes_at,
        };
        this.events.emit(WeixinEvents.WindowClosing, event);
      }
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
