import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { generateClientId } from '../../client/index.js';
import type { WeixinReply } from '../../interfaces/weixin-reply.interface.js';
import { replyContent } from '../reply-content.mapper.js';
import { MediaService } from '../../media/media.service.js';
import type { ResolvedWeixinOptions } from '../../options/resolved-options.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../../weixin.constants.js';
import { planContent } from '../text/content.planner.js';
import { DeliveryEvents } from '../delivery/delivery.events.js';
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

  /**
   * Sends what waits in the user's outbox, in order, leaving `send.outbox.reserve` replies for
   * the handler (as `WeixinMessageService.flushOutbox`). `undefined`, without a promise, when
   * this process knows of nothing queued for the user (the usual case, checked per message).
   */
  flushQueued(accountId: string, userId: string): Promise<unknown> | undefined {
    if (!this.outbox.hint.has(accountId, userId)) return undefined;
    return this.outbox.flush(accountId, userId);
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
    ids: readonly string[],
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
