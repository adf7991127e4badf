import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { WeixinStore } from '../persistence/index.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { describeError } from '../errors/describe-error.js';
import { ConversationStore } from '../conversations/conversation.store.js';
import { PeriodicRun } from '../utils/periodic-run.js';

/**
 * Deletes handled inbox rows older than `inbox.retentionMs`, conversations (wizards) expired for
 * longer than that, and the quota rows of older context tokens past both that and the reply
 * window, every `inbox.pruneIntervalMs`.
 */
@Injectable()
export class InboxRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxRetentionService.name);
  private readonly runs = new PeriodicRun(
    () => this.prune(),
    () => this.options.inbox.pruneIntervalMs,
  );
  private pruning?: Promise<number>;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    @Inject(ConversationStore) private readonly conversations: ConversationStore,
  ) {}

  onApplicationBootstrap(): void {
    this.runs.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runs.stop();
    await this.pruning;
  }

  /** Deletes expired handled rows (and long-expired conversations) now; answers how many rows. */
  async prune(): Promise<number> {
    const { retentionMs } = this.options.inbox;
    // A token's quota row is kept while its window is open and while its message is kept.
    const tokensAfterMs = Math.max(retentionMs, this.options.send.windowMs);
    this.pruning ??= this.conversations
      .prune(retentionMs)
      .catch((err: unknown) => {
        this.logger.warn(`conversation pruning failed: ${describeError(err)}`);
        return 0;
      })
      .then(() =>
        Promise.all([
          this.store.pruneInbox(retentionMs),
          this.store.pruneContextTokens(tokensAfterMs),
        ]),
      )
      .then(([rows]) => rows)
      .catch((err: unknown) => {
        this.logger.warn(`inbox pruning failed: ${describeError(err)}`);
        return 0;
      })
      .finally(() => (this.pruning = undefined));
    return this.pruning;
  }
}
