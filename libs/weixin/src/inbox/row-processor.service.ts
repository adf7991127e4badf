import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import type { RegisteredHandler } from '../handlers/registered-handler.interface.js';
import { isWeixinGuardDenial } from '../handlers/guard-denial.util.js';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import { replyFromReturnValue } from '../handlers/weixin-reply.mapper.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WeixinMessageService } from '../outbound/weixin-message.service.js';
import type { InboxRow, LeaseFence } from '../persistence/index.js';
import { isTransientDbError } from '../persistence/transient-db-error.js';
import { TypingService } from '../typing/typing.service.js';
import { abortableSleep } from '../utils/abortable-sleep.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { InboxFencedError } from './inbox-fenced.error.js';
import { persistently } from './persistently.util.js';
import { RowContextFactory, type PersistentRead } from './row-context.factory.js';
import type { RowCommit } from './row-outcome.js';
import { RowOutcomeFactory } from './row-outcome.factory.js';
import type { RowScope } from './row-scope.interface.js';
import { RowSettlement } from './row-settlement.service.js';
import { WeixinAlreadyHandledError } from './weixin-already-handled.error.js';

/**
 * Runs the handlers of one inbox row until it is handled: commits the done mark, the handler's
 * `ctx.transaction` work and its replies in one transaction, retries a failing run with back-off
 * (a database failure under the handler uncounted), and stops when its scope does.
 */
@Injectable()
export class RowProcessor {
  private readonly logger = new Logger('InboxDispatcher');

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly contexts: RowContextFactory,
    private readonly outcomes: RowOutcomeFactory,
    private readonly settlement: RowSettlement,
    @Inject(TypingService) private readonly typing: TypingService,
    @Inject(WeixinMessageService) private readonly messages: WeixinMessageService,
  ) {}

  /** A read or write of `scope` retried while the database is unreachable. */
  reader(scope: RowScope): PersistentRead {
    return (what, read) => persistently(what, read, scope.signal, this.logger);
  }

  /** Handles `row` under `fence`: every attempt until it commits, fails for good or stops. */
  async process(row: InboxRow, fence: LeaseFence, scope: RowScope): Promise<void> {
    const { retryDelayMs } = this.options.dispatch;
    const read = this.reader(scope);
    let transient = 0;
    // An id-only quote is looked up once per run, persistently: the handler sees what is stored.
    const quote = await this.contexts.quoteOf(row, read);
    for (let attempt = row.attempts + 1; ; attempt++) {
      const conversation = await this.contexts.conversationOf(row, read);
      const outcome = this.outcomes.create(row, fence, conversation);
      const ctx = this.contexts.contextOf(row, attempt, outcome, quote, conversation);
      const handlers = this.contexts.handlersFor(ctx, conversation);
      if (attempt === row.attempts + 1) await this.flushOutbox(row);
      let failure: unknown;
      let commit: RowCommit | undefined;
      try {
        const records = await outcome.prepare(await this.runHandlers(ctx, handlers));
        // Committing is retried on its own: a failed write never re-runs the handlers.
        commit = await read('acknowledge', () => outcome.commit(records));
        if (commit.state === 'unsure') {
          commit = await this.settlement.resolveUnsure(row, commit.error, read, records?.keys);
        }
      } catch (err) {
        failure = err;
      }
      await outcome.rollback();
      if (commit && commit.state !== 'unsure') {
        return this.settlement.finish(row, handlers, commit, read);
      }
      failure ??= commit?.state === 'unsure' ? commit.error : undefined;
      const error = describeError(failure);
      if (failure instanceof WeixinAlreadyHandledError || failure instanceof InboxFencedError) {
        this.logger.warn(`message ${row.id} is not run here again: ${error}`);
        return;
      }
      if (isTransientDbError(failure)) {
        // The database failed under the handler, not the handler: run it again, uncounted.
        transient += 1;
        const delay = Math.min(retryDelayMs * 2 ** Math.min(transient, 16), 5_000);
        this.logger.warn(`message ${row.id} runs again in ${delay} ms: ${error}`);
        await abortableSleep(delay, scope.signal);
        if (scope.stopped()) return;
        attempt -= 1;
        continue;
      }
      const attempts = await this.settlement.fail(row, fence, error, read);
      if (attempts === undefined) return;
      await abortableSleep(retryDelayMs * 2 ** (attempts - 1), scope.signal);
      // Given up here: the row stays pending with its attempts for the next owner.
      if (scope.stopped()) return;
    }
  }

  /** Runs `handlers` in order (each inside its typing lease); answers the replies they returned. */
  private async runHandlers(
    ctx: WeixinMessageContext,
    handlers: RegisteredHandler[],
  ): Promise<WeixinReply[]> {
    const returned: WeixinReply[] = [];
    for (const handler of handlers) {
      const value = await this.typing
        .aroundHandler(ctx, handler, () => handler.invoke(ctx))
        .catch((err: unknown) => {
          if (isWeixinGuardDenial(err)) return undefined;
          throw err;
        });
      returned.push(...replyFromReturnValue(value).map((reply) => ctx.withQuote(reply)));
    }
    return returned;
  }

  /** Sends what waits in the user's outbox first, in order, leaving room for the handler's reply. */
  private async flushOutbox(row: InboxRow): Promise<void> {
    try {
      await this.messages.flushOutbox(row.accountId, row.userId);
    } catch (err) {
      this.logger.warn(`outbox flush before message ${row.id} failed: ${describeError(err)}`);
    }
  }
}
