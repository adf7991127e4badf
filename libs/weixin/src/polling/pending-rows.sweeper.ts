import { Injectable, Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import { InboxDispatcher } from '../inbox/inbox-dispatcher.service.js';
import { WeixinStore } from '../persistence/index.js';
import { AccountLoopRegistry } from './account-loop.registry.js';

/**
 * The pending sweep of a replica: dispatches the rows of the accounts it polls that wait without
 * being queued here (e.g. replayed dead letters).
 */
@Injectable()
export class PendingRowsSweeper {
  private readonly logger = new Logger('PollingService');
  private sweeping?: Promise<void>;

  constructor(
    private readonly store: WeixinStore,
    private readonly dispatcher: InboxDispatcher,
    private readonly loops: AccountLoopRegistry,
  ) {}

  /** Runs a sweep while polling runs, or joins the one in progress. */
  async sweep(): Promise<void> {
    if (!this.loops.running) return;
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    await this.sweeping;
  }

  /** Resolves when the sweep in progress (if any) ended. */
  async idle(): Promise<void> {
    await this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      for (const accountId of await this.store.accountsWithPending(this.loops.accountIds())) {
        if (this.loops.running && this.loops.has(accountId)) {
          await this.dispatcher.replay(accountId);
        }
      }
    } catch (err) {
      this.logger.warn(`pending sweep failed: ${describeError(err)}`);
    }
  }
}
