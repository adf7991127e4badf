import type { MessageItem } from '../../protocol/index.js';
import type {
  DeliveryCause,
  DeliveryRecord,
  DeliveryState,
  OutboundKind,
} from '../../interfaces/outbound.types.js';

/** A delivery record with what is needed to send it. */
export interface StoredDelivery extends DeliveryRecord {
  /** Position within its `send()` call. */
  seq: number;
  /** The media item of a media message. */
  item?: MessageItem;
}

/** One message to record. */
export interface NewDelivery {
  seq: number;
  kind: OutboundKind;
  state: Extract<DeliveryState, 'queued' | 'sending' | 'rejected'>;
  text?: string;
  item?: MessageItem;
  part: number;
  parts: number;
  clientId: string;
  reason?: string;
  cause?: DeliveryCause;
}

/** How a record ends after a `sendmessage` call. */
export interface DeliveryOutcome {
  state: DeliveryState;
  serverMessageId?: string;
  ret?: number;
  errmsg?: string;
  reason?: string;
  cause?: DeliveryCause;
  /** Whether a request was made (counts an attempt). */
  attempted: boolean;
}

/** The answer of `claimAndInsert`: `null` when the claim failed. */
export type ClaimedDeliveries = { token: string; inserted: StoredDelivery[] } | null;

/** The answer of `takeAndClaim`. */
export interface TakenDeliveries {
  /** How many queued rows were found (0: the outbox is empty). */
  picked: number;
  /** The token the slots were claimed under; `undefined` when the claim failed (nothing taken). */
  token?: string;
  /** The records moved to `sending`, in order. */
  taken: StoredDelivery[];
}

/** Filter of `outbox()`: one page of the outbox in sending order. */
export interface OutboxFilter {
  accountId?: string;
  userId?: string;
  /** Only records after this id (the last id of the previous page). */
  afterId?: string;
  /** @default 100 */
  limit?: number;
}

/** Filter of `listDeliveries`. */
export interface DeliveryFilter {
  accountId?: string;
  userId?: string;
  state?: DeliveryState;
  /** @default 100 */
  limit?: number;
}
