import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { WeixinReplySender } from '../handlers/weixin-message.context.js';
import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { OutboundMessages } from '../outbound/outbound.messages.js';
import type { StoredDelivery } from '../outbound/ledger/delivery.store.js';
import type { RecordedWithDone, ReplyRecordStore } from '../outbound/ledger/reply-record.store.js';
import {
  emptyReplyRecords,
  type ReplyOutbox,
  type ReplyRecords,
} from '../outbound/ledger/reply.outbox.js';
import { WeixinInvalidContentError } from '../outbound/weixin-invalid-content.error.js';
import type { InboxRow, LeaseFence } from '../persistence/index.js';
import { InboxSql } from '../persistence/sql/inbox.sql.js';
import type { DoneBatcher } from './done-batcher.js';
import { InboxFencedError } from './inbox-fenced.error.js';
import { WeixinAlreadyHandledError } from './weixin-already-handled.error.js';
import { ConversationStore } from '../conversations/conversation.store.js';
import type { ConversationWrite } from '../conversations/conversation-write.interface.js';
import {
  sealConversation,
  type WeixinConversation,
} from '../conversations/weixin-conversation.model.js';

/** What one row attempt needs from the dispatcher. */
export interface RowOutcomeDeps {
  dataSource: DataSource;
  replies: ReplyOutbox;
  records: ReplyRecordStore;
  done: DoneBatcher;
  /** Sends a reply made after the attempt finished, numbered after the recorded ones. */
  sendLate(ctx: WeixinMessageContext, content: WeixinReply, n: number): Promise<void>;
  /** Whether the row is still pending (a primary-key read). */
  isPending(id: string): Promise<boolean>;
}

/**
 * How an attempt ended: `done` (marked by this attempt, `ids` the replies it recorded), `handled`
 * (no longer pending: done or dead by an earlier run), `fenced` (the lease is not held at the
 * row's epoch) or `unsure` (the handler's transaction failed at its end; whether it committed is
 * found by reading the row).
 */
export type RowCommit =
  /**
   * `ids`: the replies this run recorded; `taken`: those its done statement claimed, to send now;
   * `unknownKeys`: it committed but its answer was lost, so which replies is unknown: the keys it
   * recorded (what of them it claimed is still `sending`).
   */
  | { state: 'done'; ids: readonly string[]; taken?: StoredDelivery[]; unknownKeys?: string[] }
  | { state: 'handled' | 'fenced' }
  | { state: 'unsure'; error: unknown };

/**
 * The outcome of one handler run of an inbox row: its done mark, the handler's database work
 * (`ctx.transaction`) and its replies (returned or given to `ctx.reply()`) are written in one
 * transaction, fenced by the account's lease, so that they all happen or none does; so is the
 * change of the sender's conversation (wizard step and state), when the run made one. It is the
 * context's transactor and reply sender for that run.
 */
export class RowOutcome implements WeixinReplySender {
  private readonly collected: WeixinReply[] = [];
  private runner?: QueryRunner;
  private finished = false;
  private recorded = 0;
  /** A try of the done statement failed: whether it committed is not known. */
  private statementFailed = false;

  constructor(
    private readonly deps: RowOutcomeDeps,
    private readonly row: InboxRow,
    private readonly fence: LeaseFence,
    private readonly conversation?: WeixinConversation,
  ) {}

  /**
   * `ctx.transaction(work)`: opens the row's transaction with its done mark and runs `work` in
   * it; the transaction commits when the handler returns, with its replies.
   * @throws WeixinAlreadyHandledError when the row is no longer pending
   * @throws InboxFencedError when the lease is not held at the row's epoch
   */
  async run<T>(inboxId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.finished || this.runner) throw new WeixinAlreadyHandledError(inboxId);
    const runner = await this.open(inboxId);
    try {
      const result = await work(runner.manager);
      this.runner = runner;
      return result;
    } catch (err) {
      await close(runner, false);
      throw err;
    }
  }

  /**
   * Starts a transaction holding the row's done mark.
   * @throws WeixinAlreadyHandledError when the row is no longer pending
   * @throws InboxFencedError when the lease is not held at the row's epoch
   */
  private async open(inboxId: string): Promise<QueryRunner> {
    const runner = this.deps.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const marked = await runner.query(
        InboxSql.markDoneInTransaction,
        [inboxId, this.fence.owner, this.fence.epoch],
        true,
      );
      if (marked.affected !== 1) {
        throw (await this.deps.isPending(inboxId))
          ? new InboxFencedError(inboxId, this.fence.epoch)
          : new WeixinAlreadyHandledError(inboxId);
      }
      return runner;
    } catch (err) {
      await close(runner, false);
      throw err;
    }
  }

  /** `ctx.reply()`: records the reply with the handler's outcome (sent after it commits). */
  async send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void> {
    if (typeof content !== 'string' && (typeof content !== 'object' || content === null)) {
      throw new WeixinInvalidContentError(OutboundMessages.invalidContent());
    }
    if (!this.finished) {
      this.collected.push(content);
      return;
    }
    // After the run ended there is no transaction left to join: the reply is sent at once.
    this.recorded += 1;
    await this.deps.sendLate(ctx, content, this.recorded);
  }

  /**
   * The records of the replies of this run: those given to `ctx.reply()`, then `returned`;
   * `undefined` (no promise) when there is none.
   * @throws WeixinInvalidContentError for a reply that can never be sent (nothing written)
   */
  prepare(returned: WeixinReply[]): Promise<ReplyRecords> | undefined {
    if (this.collected.length === 0 && returned.length === 0) return undefined;
    const all = [...this.collected, ...returned];
    this.recorded = all.length;
    return this.deps.replies.prepare(this.row.accountId, this.row.userId, this.row.id, all);
  }

  /**
   * Writes the done mark with `records` and commits. Safe to call again after it threw (a
   * database error before the commit): the handler's transaction, if any, is then answered
   * `unsure`.
   */
  async commit(records: ReplyRecords | undefined): Promise<RowCommit> {
    this.finished = true;
    const conversation = this.conversation && sealConversation(this.conversation);
    if (conversation && !this.runner) {
      // The conversation changes with the done mark: in one transaction, as `ctx.transaction`.
      try {
        this.runner = await this.open(this.row.id);
      } catch (err) {
        if (err instanceof WeixinAlreadyHandledError) return { state: 'handled' };
        if (err instanceof InboxFencedError) return { state: 'fenced' };
        throw err;
      }
    }
    if (this.runner) return this.commitTransaction(records, conversation);
    if (records) return this.commitStatement(records);
    // The statement's outcome is shared by every row in it: no promise of this row's own.
    const marked = await this.deps.done.join({ id: this.row.id, epoch: this.fence.epoch });
    return marked.has(this.row.id) ? DONE_NO_REPLIES : this.notDone();
  }

  /**
   * Ends the run without writing: the handler's transaction, if any, rolls back (then a promise;
   * `undefined` when there is none).
   */
  rollback(): Promise<void> | undefined {
    this.finished = true;
    if (this.conversation) sealConversation(this.conversation);
    const runner = this.runner;
    this.runner = undefined;
    return runner ? close(runner, false) : undefined;
  }

  private async commitTransaction(
    records: ReplyRecords | undefined,
    conversation: ConversationWrite | undefined,
  ): Promise<RowCommit> {
    const runner = this.runner!;
    this.runner = undefined;
    const { accountId, userId } = this.row;
    try {
      if (conversation) await ConversationStore.write(runner, accountId, userId, conversation);
      const answer = await this.deps.records.recordInTransaction(
        runner,
        { accountId, userId },
        this.fence,
        records ?? EMPTY,
        contextTokenOf(this.row),
      );
      if (!answer.held) {
        await close(runner, false);
        return { state: 'fenced' };
      }
      await runner.commitTransaction();
      await close(runner, true);
      return { state: 'done', ids: answer.ids, taken: answer.taken };
    } catch (error) {
      await close(runner, false);
      return { state: 'unsure', error };
    }
  }

  private async commitStatement(records: ReplyRecords): Promise<RowCommit> {
    const { accountId, userId, id } = this.row;
    let answer: RecordedWithDone;
    try {
      answer = await this.deps.records.recordWithDone(
        { accountId, userId, inboxId: id },
        this.fence,
        records,
        contextTokenOf(this.row),
      );
    } catch (err) {
      this.statementFailed = true;
      throw err;
    }
    if (!answer.held) return { state: 'fenced' };
    if (answer.done) return { state: 'done', ids: answer.ids, taken: answer.taken };
    // Not pending while the lease is held at this run's epoch: an earlier try of this statement
    // committed and its answer was lost. Its replies may be claimed (`sending`) and not sent.
    if (this.statementFailed) {
      return { state: 'done', ids: [], unknownKeys: records.keys };
    }
    return { state: 'handled' };
  }

  private async notDone(): Promise<RowCommit> {
    return (await this.deps.isPending(this.row.id)) ? { state: 'fenced' } : { state: 'handled' };
  }
}

const EMPTY = emptyReplyRecords();

/** A done mark without replies: one frozen answer shared by every such commit. */
const DONE_NO_REPLIES: RowCommit = Object.freeze({
  state: 'done',
  ids: Object.freeze<string[]>([]),
});

/** Ends a query runner's transaction (unless committed) and releases it, ignoring failures. */
async function close(runner: QueryRunner, committed: boolean): Promise<void> {
  if (!committed && runner.isTransactionActive) {
    await runner.rollbackTransaction().catch(() => undefined);
  }
  await runner.release().catch(() => undefined);
}

/** The context token of a row's message, when it has one. */
export function contextTokenOf(row: InboxRow): string | undefined {
  const token = (row.payload as { context_token?: unknown }).context_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
