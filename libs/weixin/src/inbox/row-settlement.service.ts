import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { ReplyOutbox } from '../outbound/ledger/reply.outbox.js';
import { ReplyRecordStore } from '../outbound/ledger/reply-record.store.js';
import { WeixinStore, type InboxRow, type LeaseFence } from '../persistence/index.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import {
  WeixinEvents,
  type WeixinMessageFailedEvent,
  type WeixinMessageHandledEvent,
} from '../weixin.events.js';
import { describeError } from '../errors/describe-error.js';
import type { PersistentRead } from './row-context.factory.js';
import { contextTokenOf, type RowCommit } from './row-outcome.js';

/**
 * How a handler run of an inbox row ends after its commit or its failure: the handled event and
 * the replies sent, or the failure recorded (dead-lettered with `weixin.message.failed` after
 * `dispatch.maxAttempts`).
 */
@Injectable()
export class RowSettlement {
  private readonly logger = new Logger('InboxDispatcher');

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    private readonly store: WeixinStore,
    private readonly events: EventEmitter2,
    @Inject(ReplyOutbox) private readonly replies: ReplyOutbox,
    @Inject(ReplyRecordStore) private readonly records: ReplyRecordStore,
  ) {}

  /** After a commit: the handled event, then the replies go out. */
  async finish(
    row: InboxRow,
    handlers: { name: string }[],
    commit: RowCommit,
    read: PersistentRead,
  ): Promise<void> {
    if (commit.state === 'fenced') {
      this.logger.warn(
        `message ${row.id} was not marked handled: the lease of ${row.accountId} is no longer ` +
          'held here at its epoch; its current owner handles it',
      );
      return;
    }
    if (commit.state === 'done') {
      const handled: WeixinMessageHandledEvent = {
        accountId: row.accountId,
        inboxId: row.id,
        messageId: row.messageId,
        from: row.userId,
        handlers: handlers.map((h) => h.name),
      };
      this.events.emit(WeixinEvents.MessageHandled, handled);
    }
    // Also for a row found handled, or committed with an unknown set of replies: its recorded
    // replies may not have gone out yet (an empty list sends every queued reply of the user).
    const ids = commit.state === 'done' ? commit.ids : [];
    if (commit.state === 'done' && ids.length === 0 && !commit.unknownKeys) return;
    const token = contextTokenOf(row);
    try {
      // A commit whose answer was lost: what it claimed is found by the keys it recorded.
      const taken =
        commit.state !== 'done'
          ? undefined
          : commit.unknownKeys
            ? await this.records.claimedOf(row.accountId, row.userId, commit.unknownKeys)
            : commit.taken;
      await this.replies.send(row.accountId, row.userId, ids, token, taken);
    } catch (err) {
      // The replies are recorded: they go out behind the user's next messages' replies, in order.
      this.logger.warn(`replies to message ${row.id} not sent yet: ${describeError(err)}`);
      void read('send replies', () => this.replies.send(row.accountId, row.userId, [])).catch(
        () => undefined,
      );
    }
  }

  /**
   * Whether a handler transaction whose end failed committed: answers by reading the row. `keys`
   * are those of the replies it recorded (sent by `finish` if it claimed them).
   */
  async resolveUnsure(
    row: InboxRow,
    error: unknown,
    read: PersistentRead,
    keys: string[] = [],
  ): Promise<RowCommit> {
    const pending = await read('read the row', () => this.store.isPending(row.id));
    return pending ? { state: 'unsure', error } : { state: 'done', ids: [], unknownKeys: keys };
  }

  /**
   * Records a failed attempt of `row`; dead-letters it after `dispatch.maxAttempts`. Answers the
   * attempts recorded when the row is to run again, `undefined` when it is not run here again.
   */
  async fail(
    row: InboxRow,
    fence: LeaseFence,
    error: string,
    read: PersistentRead,
  ): Promise<number | undefined> {
    const attempts = await read('record a failure', () =>
      this.store.recordFailure(row.id, error, fence),
    );
    if (attempts === null) {
      this.logger.warn(
        `failure of message ${row.id} not recorded (no longer pending, or the lease of ` +
          `${row.accountId} is not held at epoch ${fence.epoch}): ${error}`,
      );
      return undefined;
    }
    if (attempts >= this.options.dispatch.maxAttempts) {
      const dead = await read('dead-letter', () => this.store.markDead(row.id, error, fence));
      if (!dead) return undefined;
      this.logger.error(`message ${row.id} dead-lettered after ${attempts} attempts: ${error}`);
      const failed: WeixinMessageFailedEvent = {
        accountId: row.accountId,
        inboxId: row.id,
        messageId: row.messageId,
        from: row.userId,
        attempts,
        error,
      };
      this.events.emit(WeixinEvents.MessageFailed, failed);
      return undefined;
    }
    this.logger.warn(`handler failed for message ${row.id} (attempt ${attempts}): ${error}`);
    return attempts;
  }
}
