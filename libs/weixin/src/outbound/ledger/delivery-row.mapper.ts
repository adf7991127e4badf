import type { MessageItem } from '../../protocol/index.js';
import type {
  DeliveryCause,
  DeliveryState,
  OutboundKind,
} from '../../interfaces/outbound.types.js';
import type { NewDelivery, StoredDelivery } from './delivery.records.js';

/** A `weixin_delivery` row as `DeliverySql.columns` selects it. */
export interface DeliveryRow {
  id: string;
  account_id: string;
  user_id: string;
  seq: number;
  kind: OutboundKind;
  state: DeliveryState;
  text: string | null;
  item: MessageItem | null;
  part: number;
  parts: number;
  idempotency_key: string | null;
  client_id: string;
  server_message_id: string | null;
  ret: number | null;
  errmsg: string | null;
  reason: string | null;
  cause: DeliveryCause | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

/** A stored delivery of its row. */
export function toRecord(r: DeliveryRow): StoredDelivery {
  const record: StoredDelivery = {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    seq: r.seq,
    kind: r.kind,
    state: r.state,
    part: r.part,
    parts: r.parts,
    clientId: r.client_id,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  return withOptionalFields(record, {
    text: r.text,
    item: r.item,
    idempotencyKey: r.idempotency_key,
    serverMessageId: r.server_message_id,
    ret: r.ret,
    errmsg: r.errmsg,
    reason: r.reason,
    cause: r.cause,
    expiresAt: r.expires_at,
  });
}

/** The fields a stored delivery has only when they have a value. */
type OptionalField =
  | 'text'
  | 'item'
  | 'idempotencyKey'
  | 'serverMessageId'
  | 'ret'
  | 'errmsg'
  | 'reason'
  | 'cause'
  | 'expiresAt';

/**
 * `record` with each of `fields` that has a value (neither null nor undefined), in their order;
 * the others stay absent, as they are in a record read back from its row.
 */
export function withOptionalFields(
  record: StoredDelivery,
  fields: { [K in OptionalField]?: StoredDelivery[K] | null },
): StoredDelivery {
  const target = record as unknown as Record<OptionalField, unknown>;
  for (const name of Object.keys(fields) as OptionalField[]) {
    const value = fields[name];
    if (value !== null && value !== undefined) target[name] = value;
  }
  return record;
}

/** The per-column arrays of new rows, as the insert and claim statements take them. */
export function rowArrays(rows: NewDelivery[]): unknown[] {
  return [
    rows.map((r) => r.seq),
    rows.map((r) => r.kind),
    rows.map((r) => r.state),
    rows.map((r) => r.text ?? null),
    rows.map((r) => (r.item ? JSON.stringify(r.item) : null)),
    rows.map((r) => r.part),
    rows.map((r) => r.parts),
    rows.map((r) => r.clientId),
    rows.map((r) => r.reason ?? null),
    rows.map((r) => r.cause ?? null),
  ];
}
