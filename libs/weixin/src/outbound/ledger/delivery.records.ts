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
