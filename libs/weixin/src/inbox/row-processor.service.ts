import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import type { RegisteredHandler } from '../handlers/registered-handler.interface.js';
import { isWeixinGuardDenial } from '../handlers/guard-denial.util.js';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import { replyFromReturnValue } from '../handlers/weixin-reply.mapper.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { ReplyOutbox } from '../outbound/ledger/reply.outbox.js';
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
    @Inject(ReplyOutbox) private readonly replies: ReplyOutbox,
  ) {}

  /** One reader per scope (a scope lives as long as its account is polled here). */
  private readonly readers = new WeakMap<RowScope, PersistentRead>();

  /** A read or write of `scope` retried while the database is unreachable. */
  reader(scope: RowScope): PersistentRead {
    let read = this.readers.get(scope);
    if (!read) {
      read = (what, work) => persistently(what, work, scope.signal, this.logger);
      this.readers.set(scope, read);
    }
    return read;
  }

  /** Handles `row` under `fence`: every attempt until it commits, fails for good or stops. */
  async process(row: InboxRow, fence: LeaseFence, scope: RowScope): Promise<void> {
    const { retryDelayMs } = this.options.dispatch;
    const read = this.reader(scope);
    let transient = 0;
    // An id-only quote is looked up once per run, persistently: the handler sees what is stored.
    // (Values that need no database read come without a promise: this runs for every message.)
    const wireQuote = this.contexts.quoteOf(row, read);
    const quote = wireQuote instanceof Promise ? await wireQuote : wireQuote;
    for (let attempt = row.attempts + 1; ; attempt++) {
      const loaded = this.contexts.conversationOf(row, read);
      const conversation = loaded instanceof Promise ? await loaded : loaded;
      const outcome = this.outcomes.create(row, fence, conversation);
      const ctx = this.contexts.contextOf(row, attempt, outcome, quote, conversation);
      const handlers = this.contexts.handlersFor(ctx, conversation);
      if (attempt === row.attempts + 1) {
        const flushing = this.replies.flushQueued(row.accountId, row.userId);
        if (flushing) await this.flushOutbox(row, flushing);
      }
      let failure: unknown;
      let commit: RowCommit | undefined;
      try {
        const prepared = outcome.prepare(await this.runHandlers(ctx, handlers));
        const records = prepared && (await prepared);
        // Committing is retried on its own: a failed write never re-runs the handlers.
        commit = await read('acknowledge', () => outcome.commit(records));
        if (commit.state === 'unsure') {
          commit = await this.settlement.resolveUnsure(row, commit.error, read, records?.keys);
        }
      } catch (err) {
        failure = err;
      }
      const closing = outcome.rollback();
      if (closing) await closing;
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
      let value: unknown;
      try {
        value = await this.typing.aroundHandler(ctx, handler, () => handler.invoke(ctx));
      } catch (err) {
        if (!isWeixinGuardDenial(err)) throw err;
        continue;
      }
      if (value === undefined || value === null) continue;
      for (const reply of replyFromReturnValue(value)) returned.push(ctx.withQuote(reply));
    }
    return returned;
  }

  /**
   * Waits for the flush of what waited in the user's outbox (sent first, in order, leaving room
   * for the handler's reply); its failure does not stop the message.
   */
  private async flushOutbox(row: InboxRow, flushing: Promise<unknown>): Promise<void> {
    try {
      await flushing;
    } catch (err) {
      this.logger.warn(`outbox flush before message ${row.id} failed: ${describeError(err)}`);
    }
  }
}
