import type { WeixinMessage } from '../protocol/index.js';
import { pgArrayLiteral } from './pg-array-literal.js';
import type { TokenCipher } from './token-cipher.js';
import type {
  InboundRecord,
  InboxRow,
  InboxStatus,
  LeaseGrant,
  PersistBatchInput,
  StoredAccount,
  UserContext,
  WeixinAccountState,
} from './weixin-store.types.js';

/** A `weixin_account` row as selected. */
export interface AccountRecord {
  id: string;
  token_enc: string;
  base_url: string | null;
  cdn_base_url: string | null;
  owner_user_id: string | null;
  state: WeixinAccountState;
  cursor: string;
  last_poll_at: Date | null;
  last_error: string | null;
}

/** A `weixin_lease` row as selected. */
export interface LeaseRecord {
  account_id: string;
  owner?: string;
  epoch: string;
  expires_at: Date;
}

/** A `weixin_inbox` row as selected. */
export interface InboxRecord {
  id: string;
  account_id: string;
  message_id: string;
  user_id: string;
  payload: WeixinMessage;
  attempts: number;
  status: InboxStatus;
}

/** A `weixin_user_context` row as selected. */
export interface ContextRecord {
  context_token: string;
  received_at: Date;
  replies_used: number;
}

/** A row answered by the batch insert: whether the lease was held, and an inserted message. */
export interface PersistedRecord {
  held: boolean;
  id: string | null;
  message_id: string | null;
}

/** The account of a row, its token decrypted. */
export function toAccount(r: AccountRecord, cipher: TokenCipher): StoredAccount {
  return {
    id: r.id,
    token: cipher.decrypt(r.token_enc),
    baseUrl: r.base_url,
    cdnBaseUrl: r.cdn_base_url,
    ownerUserId: r.owner_user_id,
    state: r.state,
    cursor: r.cursor,
    lastPollAt: r.last_poll_at,
    lastError: r.last_error,
  };
}

export function toGrant(r: LeaseRecord): LeaseGrant {
  return { accountId: r.account_id, epoch: r.epoch, expiresAt: r.expires_at };
}

export function toInboxRow(r: InboxRecord): InboxRow {
  return {
    id: r.id,
    accountId: r.account_id,
    messageId: r.message_id,
    userId: r.user_id,
    payload: r.payload,
    attempts: r.attempts,
    status: r.status,
  };
}

export function toUserContext(r: ContextRecord): UserContext {
  return { contextToken: r.context_token, receivedAt: r.received_at, repliesUsed: r.replies_used };
}

/** The parameters of `InboxSql.persistBatch` for one `getupdates` answer (arrays per column). */
export function persistBatchParams(b: PersistBatchInput): unknown[] {
  const m = b.messages;
  // The arrays as literals: the text `pg` would send, without an array per column.
  return [
    b.accountId,
    b.owner,
    b.epoch,
    b.cursor,
    pgArrayLiteral(m, (r) => r.messageId),
    pgArrayLiteral(m, (r) => r.fingerprint),
    pgArrayLiteral(m, (r) => r.userId),
    pgArrayLiteral(m, (r) => r.seq),
    pgArrayLiteral(m, (r) => r.createTimeMs),
    pgArrayLiteral(m, (r) => r.contextToken),
    JSON.stringify(m.map((r) => r.payload)),
  ];
}

/** The inbox rows the batch insert made, from its answer and the batch's records. */
export function insertedRows(b: PersistBatchInput, rows: PersistedRecord[]): InboxRow[] {
  const byId = new Map<string, InboundRecord>();
  for (const r of b.messages) if (!byId.has(r.messageId)) byId.set(r.messageId, r);
  const out: InboxRow[] = [];
  for (const row of rows) {
    if (row.id === null || row.message_id === null) continue;
    const record = byId.get(row.message_id);
    if (!record) continue;
    out.push({
      id: row.id,
      accountId: b.accountId,
      messageId: row.message_id,
      userId: record.userId,
      payload: record.payload,
      attempts: 0,
      status: 'pending',
    });
  }
  return out;
}
