import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { generateClientId } from '../../client/index.js';
import type { WeixinReply } from '../../interfaces/weixin-reply.interface.js';
import { replyContent } from '../reply-content.mapper.js';
import { MediaService } from '../../media/media.service.js';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../../weixin.constants.js';
import { planContent } from '../text/content.planner.js';
import { DeliveryEvents } from '../delivery/delivery.events.js';
import { toRecord, type DeliveryRow } from './delivery-row.mapper.js';
import { DeliveryStore, type StoredDelivery } from './delivery.store.js';
import { OutboundMessages as M } from '../outbound.messages.js';
import { OutboxService } from './outbox.service.js';
import { queryRows } from '../../persistence/raw-query.js';
import { ReplyOutboxSql } from './reply-outbox.sql.js';

/** The messages of a handler's replies, as recorded with the inbox row's done mark. */
export interface ReplyRecords {
  ttlMs: number;
  keys: string[];
  seqs: number[];
  kinds: string[];
  texts: (string | null)[];
  items: (string | null)[];
  parts: number[];
  partCounts: number[];
  clientIds: string[];
  reasons: string[];
}

/** Records of no reply (their rows expire `ttlMs` after they are queued). */
export function emptyReplyRecords(ttlMs = 0): ReplyRecords {
  return {
    ttlMs,
    keys: [],
    seqs: [],
    kinds: [],
    texts: [],
    items: [],
    parts: [],
    partCounts: [],
    clientIds: [],
    reasons: [],
  };
}

/**
 * What the done statement of a handler's replies did: whether the lease was `held` at the epoch,
 * the row marked `done`, the records recorded (`ids`) and those it claimed and left `sending`
 * (`taken`: all of them, or none).
 */
export interface RecordedWithDone {
  held: boolean;
  done: boolean;
  ids: string[];
  taken: StoredDelivery[];
}

/** A row of the recording statements: their flags, and a recorded reply's columns. */
type RecordedRow = { held: boolean; claimed: boolean } & (DeliveryRow | { id: null });

function recordedOf(rows: RecordedRow[]): Omit<RecordedWithDone, 'done'> {
  const first = rows[0];
  const recorded = rows.filter((r): r is RecordedRow & DeliveryRow => r.id !== null);
  return {
    held: first?.held === true,
    ids: recorded.map((r) => r.id),
    taken: first?.claimed ? recorded.map(toRecord) : [],
  };
}

/** The idempotency key of the `n`-th reply (1-based) of inbox row `inboxId`. */
export function replyKey(inboxId: string, n: number): string {
  return `inbox:${inboxId}:${n}`;
}

/**
 * The transactional outbox of handler replies: a reply becomes queued delivery records (key
 * `inbox:<row id>:<n>`, one per message) written in the transaction that marks the inbox row
 * done, then sent through the outbox in order. Recorded replies that a crash or a database error
 * left unsent go out when the account's next owner starts polling it (or when the user writes
 * again); the key and the outbox's claim make each go out at most once.
 */
@Injectable()
export class ReplyOutbox {
  private readonly logger = new Logger(ReplyOutbox.name);

  constructor(
    @Inject(WEIXIN_OPTIONS) private readonly options: ResolvedWeixinOptions,
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly media: MediaService,
    private readonly outbox: OutboxService,
    private readonly store: DeliveryStore,
    private readonly deliveryEvents: DeliveryEvents,
  ) {}

  /**
   * The records of `replies` to `userId` (numbered from `first`): texts flattened and split,
   * media uploaded for the user (a caption its own text before the item).
   * @throws WeixinInvalidContentError for a reply that can never be sent
   */
  async prepare(
    accountId: string,
    userId: string,
    inboxId: string,
    replies: WeixinReply[],
    first = 1,
  ): Promise<ReplyRecords> {
    const o = this.options.send;
    const r = emptyReplyRecords(o.outbox.ttlMs);
    for (const [i, reply] of replies.entries()) {
      const content = await replyContent(this.media, accountId, userId, reply);
      const key = replyKey(inboxId, first + i);
      for (const [seq, m] of planContent(content, accountId, userId, o).messages.entries()) {
        r.keys.push(key);
        r.seqs.push(seq + 1);
        r.kinds.push(m.kind);
        r.texts.push(m.text ?? null);
        r.items.push(m.item ? JSON.stringify(m.item) : null);
        r.parts.push(m.part);
        r.partCounts.push(m.parts);
        r.clientIds.push(generateClientId());
        r.reasons.push(M.recordedReply());
      }
    }
    return r;
  }

  /** The parameters of `records` for the statements of `ReplyOutboxSql`. */
  params(records: ReplyRecords): unknown[] {
    return [
      records.ttlMs,
      records.keys,
      records.seqs,
      records.kinds,
      records.texts,
      records.items,
      records.parts,
      records.partCounts,
      records.clientIds,
      records.reasons,
    ];
  }

  /**
   * Marks inbox row `inboxId` done (fenced by `owner` and `epoch`) and records `records`, in one
   * statement: claimed at once under `token` (the context token of the message they answer) when
   * it is the newest and has the slots, else queued (see `ReplyOutboxSql.recordWithDone`).
   */
  async recordWithDone(
    row: { accountId: string; userId: string; inboxId: string },
    fence: { owner: string; epoch: string },
    records: ReplyRecords,
    token: string | undefined,
  ): Promise<RecordedWithDone> {
    const rows = await queryRows<RecordedRow & { done: boolean }>(
      this.dataSource,
      ReplyOutboxSql.recordWithDone,
      [
        row.accountId,
        row.userId,
        row.inboxId,
        fence.owner,
        fence.epoch,
        ...this.claimParams(records, token),
        ...this.params(records),
      ],
      'weixin_record_replies_with_done',
    );
    return { ...recordedOf(rows), done: rows[0]?.done === true };
  }

  /**
   * Records `records` in the handler's open transaction (`runner`, its done mark written),
   * claimed under `token` when it allows, as `recordWithDone` does.
   */
  async recordInTransaction(
    runner: QueryRunner,
    row: { accountId: string; userId: string },
    fence: { owner: string; epoch: string },
    records: ReplyRecords,
    token: string | undefined,
  ): Promise<Omit<RecordedWithDone, 'done'>> {
    const result = await runner.query(
      ReplyOutboxSql.recordInTransaction,
      [
        row.accountId,
        row.userId,
        fence.owner,
        fence.epoch,
        ...this.claimParams(records, token),
        ...this.params(records),
      ],
      true,
    );
    return recordedOf(result.records as RecordedRow[]);
  }

  private claimParams(records: ReplyRecords, token: string | undefined): unknown[] {
    const o = this.options.send;
    return [token ?? null, o.quota, o.windowMs, records.keys.length];
  }

  /**
   * Sends the records of `keys` that a done statement claimed (`sending`) when its commit was
   * unsure and turned out to have happened: nothing else sends them.
   */
  async sendClaimed(
    accountId: string,
    userId: string,
    keys: string[],
    token: string | undefined,
  ): Promise<void> {
    if (token === undefined || keys.length === 0) return;
    const rows = await queryRows<DeliveryRow>(this.dataSource, ReplyOutboxSql.claimedOf, [
      accountId,
      userId,
      [...new Set(keys)],
    ]);
    if (rows.length > 0)
      await this.outbox.deliverClaimed(accountId, userId, rows.map(toRecord), token);
  }

  /**
   * Sends the user's recorded replies (the records `ids`, just committed): `taken` (claimed by
   * their done statement under `token`, the context token of the message they answer) at once;
   * else through the outbox, after what already waits there, using the replies left (no
   * reserve: these are the handler's replies). What cannot go out now stays queued
   * (`weixin.delivery.queued`).
   */
  async send(
    accountId: string,
    userId: string,
    ids: string[],
    token?: string,
    taken: StoredDelivery[] = [],
  ): Promise<void> {
    // The usual case: the done statement claimed them.
    if (token !== undefined && taken.length > 0) {
      await this.outbox.deliverClaimed(accountId, userId, taken, token);
      return;
    }
    this.outbox.hint.add(accountId, userId);
    const settled = new Set((await this.outbox.flush(accountId, userId, 0)).map((r) => r.id));
    const waiting: StoredDelivery[] = [];
    for (const id of ids) {
      if (settled.has(id)) continue;
      const r = await this.store.get(id);
      if (r?.state === 'queued') waiting.push(r);
    }
    this.deliveryEvents.emit(waiting);
  }

  /**
   * Sends the recorded replies of `accountId` that are still queued (left by a crash or a
   * database error after their commit), user by user. Called by the replica that starts polling
   * the account.
   */
  async resend(accountId: string): Promise<void> {
    const users = await queryRows<{ user_id: string }>(
      this.dataSource,
      ReplyOutboxSql.usersWithReplies,
      [accountId],
    );
    for (const { user_id: userId } of users) {
      this.outbox.hint.add(accountId, userId);
      const sent = await this.outbox.flush(accountId, userId, 0);
      if (sent.length > 0) {
        this.logger.log(`sent ${sent.length} recorded replies to ${userId} on ${accountId}`);
      }
    }
  }
}
