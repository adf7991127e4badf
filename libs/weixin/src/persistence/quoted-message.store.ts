import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { MessageItem, WeixinMessage } from '../protocol/index.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';

/** A stored message a quote refers to: one of the user's (`inbox`) or one the bot sent (`sent`). */
export type QuotedMessageRow =
  | { source: 'inbox'; payload: WeixinMessage }
  | { source: 'sent'; kind: string; text: string | null; item: MessageItem | null };

/**
 * Finds the message behind a quote's server id, for id-only quotes (protocol §9.6): the user's
 * messages in `weixin_inbox` (unique index on account and message id) first, then the bot's
 * accepted messages to that user in `weixin_delivery` (index `ix_weixin_delivery_server_message`).
 * Only messages of the quoting user are found: a forged id never reveals another user's message.
 */
const QUOTED_SQL = `
  SELECT 'inbox' AS source, i.payload, NULL AS kind, NULL AS text, NULL::jsonb AS item
  FROM weixin_inbox i
  WHERE i.account_id = $1 AND i.message_id = $3 AND i.user_id = $2
  UNION ALL
  (SELECT 'sent', NULL::jsonb, d.kind, d.text, d.item
   FROM weixin_delivery d
   WHERE d.account_id = $1 AND d.server_message_id = $3 AND d.user_id = $2
     AND d.state = 'accepted'
   ORDER BY d.id LIMIT 1)
  LIMIT 1`;

/** Looks up quoted messages by server message id. */
@Injectable()
export class QuotedMessageStore {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The message `serverId` of (account, user), or `null` when none is stored. */
  async find(
    accountId: string,
    userId: string,
    serverId: string,
  ): Promise<QuotedMessageRow | null> {
    const rows = (await this.dataSource.query(QUOTED_SQL, [accountId, userId, serverId])) as {
      source: 'inbox' | 'sent';
      payload: WeixinMessage | null;
      kind: string | null;
      text: string | null;
      item: MessageItem | null;
    }[];
    const r = rows[0];
    if (!r) return null;
    if (r.source === 'inbox') return { source: 'inbox', payload: r.payload ?? {} };
    return { source: 'sent', kind: r.kind ?? 'text', text: r.text, item: r.item };
  }
}
