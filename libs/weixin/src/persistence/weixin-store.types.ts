import type { WeixinMessage } from '../protocol/index.js';

/** Lifecycle state of a bot account. Only `active` accounts are polled. */
export type WeixinAccountState = 'active' | 'paused' | 'needs_relogin';

/** Every {@link WeixinAccountState}. */
export const WEIXIN_ACCOUNT_STATES: readonly WeixinAccountState[] = [
  'active',
  'paused',
  'needs_relogin',
];

/** Processing state of an inbox row. */
export type InboxStatus = 'pending' | 'done' | 'dead';

/** A bot account as the store answers it, token decrypted. */
export interface StoredAccount {
  /** The iLink bot id. */
  id: string;
  /** The bot token, decrypted. */
  token: string;
  /** API base URL of this account, or `null` for the module's default. */
  baseUrl: string | null;
  /** CDN base URL of this account, or `null` for the module's default. */
  cdnBaseUrl: string | null;
  /** The WeChat user who scanned the login QR (`ilink_user_id`), when known. */
  ownerUserId: string | null;
  /** Lifecycle state. */
  state: WeixinAccountState;
  /** The last stored `get_updates_buf` (`''` before the first batch). */
  cursor: string;
  /** When a poll last succeeded. */
  lastPollAt: Date | null;
  /** The last poll or session error. */
  lastError: string | null;
}

/** Input of `WeixinStore.upsertAccount`. */
export interface UpsertAccountInput {
  /** The iLink bot id. */
  id: string;
  /** The bot token (stored encrypted). */
  token: string;
  /** API base URL; when omitted an existing value is kept. */
  baseUrl?: string | null;
  /** CDN base URL; when omitted an existing value is kept. */
  cdnBaseUrl?: string | null;
  /** The WeChat user who scanned the login QR; when omitted an existing value is kept. */
  ownerUserId?: string | null;
}

/** A lease this replica holds: it alone polls the account until `expiresAt`. */
export interface LeaseGrant {
  /** The account id. */
  accountId: string;
  /** Fencing number, a bigint as a decimal string; it grows by one on every takeover. */
  epoch: string;
  /** Expiry by the database clock. */
  expiresAt: Date;
}

/**
 * Whether `grant`, just taken by `acquireLeases`, is the account's first lease (the row was
 * created at epoch 1): nothing of the account is stored yet to resume (no inbox row, no recorded
 * reply). A lease row goes only with its account, and so do the account's inbox rows and
 * deliveries; a takeover raises the epoch. (Not for a renewed grant: a lease held since epoch 1
 * by a replica that restarted under the same id has rows to resume.)
 */
export function isFirstLease(grant: Pick<LeaseGrant, 'epoch'>): boolean {
  return grant.epoch === '1';
}

/**
 * The lease a write of an inbox row is fenced by: it happens only while `owner` holds the lease
 * of the row's account at `epoch`, unexpired by the database clock.
 */
export interface LeaseFence {
  owner: string;
  epoch: string;
}

/** The lease row of an account. */
export interface LeaseRow extends LeaseGrant {
  /** The replica that holds or last held the lease. */
  owner: string;
}

/** One inbound message to persist. */
export interface InboundRecord {
  /** The message id (see `inboundMessageId`). */
  messageId: string;
  /** The content fingerprint (see `messageFingerprint`). */
  fingerprint: string;
  /** The sender (`from_user_id`). */
  userId: string;
  /** The message `seq`. */
  seq?: number;
  /** The message `create_time_ms`. */
  createTimeMs?: number;
  /** The message `context_token`. */
  contextToken?: string;
  /** The whole wire message, ids as strings. */
  payload: WeixinMessage;
}

/** Input of `WeixinStore.persistBatch`: one `getupdates` answer of a leased account. */
export interface PersistBatchInput {
  /** The account id. */
  accountId: string;
  /** The replica that holds the lease. */
  owner: string;
  /** The epoch of the held lease. */
  epoch: string;
  /** The answer's `get_updates_buf`; `''` keeps the stored cursor. */
  cursor: string;
  /** The messages of the answer. */
  messages: InboundRecord[];
}

/** An inbox row. */
export interface InboxRow {
  /** Row id, a bigint as a decimal string; grows in arrival order. */
  id: string;
  /** The account id. */
  accountId: string;
  /** The message id. */
  messageId: string;
  /** The sender. */
  userId: string;
  /** The wire message. */
  payload: WeixinMessage;
  /** Failed handler attempts so far. */
  attempts: number;
  /** Processing state. */
  status: InboxStatus;
}

/** Inbox row counts by status. */
export type InboxCounts = Record<InboxStatus, number>;

/** The stored reply context of one user of one account. */
export interface UserContext {
  /** The latest `context_token` the user's messages carried. */
  contextToken: string;
  /** `create_time_ms` of the message that carried it. */
  receivedAt: Date;
  /** Replies sent under this token. */
  repliesUsed: number;
}
