import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { WeixinConversation } from '../conversations/weixin-conversation.model.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { LedgerReplySender } from '../outbound/ledger-reply.sender.js';
import { ReplyOutbox } from '../outbound/ledger/reply.outbox.js';
import { ReplyRecordStore } from '../outbound/ledger/reply-record.store.js';
import { WeixinStore, type InboxRow, type LeaseFence } from '../persistence/index.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../weixin.constants.js';
import { DoneBatcher } from './done-batcher.js';
import { RowOutcome, type RowOutcomeDeps } from './row-outcome.js';

/**
 * Makes the `RowOutcome` of each handler run of an inbox row; their done marks are written in
 * batches (one statement per tick) under this replica's id.
 */
@Injectable()
export class RowOutcomeFactory {
  private readonly done: DoneBatcher;
  private readonly deps: RowOutcomeDeps;

  constructor(
    @Inject(WEIXIN_OPTIONS) options: ResolvedWeixinOptions,
    store: WeixinStore,
    @Inject(WEIXIN_DATA_SOURCE) dataSource: DataSource,
    @Inject(ReplyOutbox) replies: ReplyOutbox,
    @Inject(ReplyRecordStore) records: ReplyRecordStore,
    @Inject(LedgerReplySender) lateReplies: LedgerReplySender,
  ) {
    const owner = options.leases.replicaId;
    this.done = new DoneBatcher((marks) => store.markDone(owner, marks));
    this.deps = {
      dataSource,
      replies,
      records,
      done: this.done,
      sendLate: (ctx, content, n) => lateReplies.sendNumbered(ctx, content, n),
      isPending: (id) => store.isPending(id),
    };
  }

  /** The outcome of one run of `row` under `fence`. */
  create(row: InboxRow, fence: LeaseFence, conversation: WeixinConversation): RowOutcome {
    return new RowOutcome(this.deps, row, fence, conversation);
  }

  /** Writes the done marks collected so far. */
  flushDone(): Promise<void> {
    return this.done.flush();
  }
}
