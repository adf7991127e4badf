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

/** Deletes handled inbox rows older than `inbox.retentionMs`, every `inbox.pruneIntervalMs`. */
@Injectable()
export class InboxRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxRetentionService.name);
  private timer?: NodeJS.Timeout;
  private pruning?: Promise<number>;

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), this.options.inbox.pruneIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pruning;
  }

  /** Deletes expired handled rows now; answers how many. */
  async prune(): Promise<number> {
    this.pruning ??= this.store
      .pruneInbox(this.options.inbox.retentionMs)
      .catch((err: unknown) => {
        this.logger.warn(`inbox pruning failed: ${describeError(err)}`);
        return 0;
      })
      .finally(() => (this.pruning = undefined));
    return this.pruning;
  }
}
